namespace Mus.Web.Domain.Conversations;

/// <summary>
/// The compartments of a conversation. Each is stored on its own row; the confidentiality work
/// encrypts each under its own key.
/// </summary>
public enum PartKind
{
    EmployeePreparation,
    LeaderPreparation,
    SharedNotes,
    Plan,
    FollowUps,
    EmployeeEvaluation,
    LeaderEvaluation,
}

/// <summary>One compartment's content: the answers as JSON, with the author's own readiness and sharing.</summary>
public class ConversationPart : IVersioned
{
    public const int MaxContentLength = 200_000;

    public int Id { get; set; }

    public int ConversationId { get; set; }

    public PartKind Kind { get; set; }

    public string Content { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the author marked their preparation as ready.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>When the author shared their preparation with the other party; null while private.</summary>
    public DateTimeOffset? SharedAt { get; set; }

    public long Version { get; set; }

    public static PartKind PreparationOf(bool isLeader) => isLeader ? PartKind.LeaderPreparation : PartKind.EmployeePreparation;
}
