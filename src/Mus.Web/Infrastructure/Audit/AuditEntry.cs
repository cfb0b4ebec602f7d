namespace Mus.Web.Infrastructure.Audit;

public enum AuditAction
{
    Read,
    Change,
    Export,
    Destroy,
}

/// <summary>
/// One access to a compartment's content: who (a person, or the system), when (UTC), which
/// conversation and compartment, what was done and for what (the page or command). Rows are only
/// ever added; nothing in the application updates or deletes them (retention aside).
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string? UserId { get; set; }

    public int? PersonId { get; set; }

    /// <summary>The reader's granted roles at the time ("HR", "Administrator"), for naming anyone who is not a party.</summary>
    public string? Roles { get; set; }

    public int ConversationId { get; set; }

    public PartKind Compartment { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>The page or command that touched the content, such as "/Conversations/Plans/Index".</summary>
    public required string Purpose { get; set; }

    /// <summary>The same row, not yet saved (a new key is given when it is).</summary>
    public AuditEntry Copy() => new()
    {
        At = At,
        UserId = UserId,
        PersonId = PersonId,
        Roles = Roles,
        ConversationId = ConversationId,
        Compartment = Compartment,
        Action = Action,
        Purpose = Purpose,
    };
}
