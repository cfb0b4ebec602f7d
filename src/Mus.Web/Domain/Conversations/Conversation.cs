namespace Mus.Web.Domain.Conversations;

public enum ConversationStatus
{
    Preparing,
    Held,
    Excused,
}

/// <summary>
/// One employee's MUS in one round. The content lives in <see cref="ConversationPart"/> rows, one
/// per compartment, so that each can be protected (and destroyed) on its own.
/// </summary>
public class Conversation : IVersioned
{
    public const int ReasonMaxLength = 1000;

    public int Id { get; set; }

    public int RoundId { get; set; }

    public Round? Round { get; set; }

    public int EmployeeId { get; set; }

    public Person? Employee { get; set; }

    /// <summary>The leader the conversation is held with; follows the employee's current leader.</summary>
    public int LeaderId { get; set; }

    public Person? Leader { get; set; }

    /// <summary>Pinned when the conversation starts: later template versions never change it.</summary>
    public int TemplateVersionId { get; set; }

    public ConversationStatus Status { get; set; }

    public string? ExcusedReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ConversationPart> Parts { get; } = [];

    public long Version { get; set; }

    public void Excuse(string reason)
    {
        if (Status == ConversationStatus.Held)
        {
            throw new DomainException("Conversations.Error.AlreadyHeld");
        }

        Status = ConversationStatus.Excused;
        ExcusedReason = reason;
    }
}
