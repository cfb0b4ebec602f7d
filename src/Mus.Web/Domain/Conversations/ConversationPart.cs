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

    /// <summary>The approved plan's "goes further" items, exactly as worded: the one compartment HR reads.</summary>
    Forwarded,
}

/// <summary>
/// One compartment's content, with the author's own readiness and sharing. <see cref="Content"/> is
/// the plaintext JSON in memory only; the database holds it sealed under the compartment's own data
/// key (<see cref="Sealed"/>, <see cref="WrappedKey"/>), sealed and opened by the data context.
/// </summary>
public class ConversationPart : IVersioned
{
    public const int MaxContentLength = 200_000;

    private string? openedContent;

    public int Id { get; set; }

    public int ConversationId { get; set; }

    public PartKind Kind { get; set; }

    /// <summary>The content as JSON. Never stored as it is.</summary>
    public string Content { get; set; } = "{}";

    /// <summary>The content encrypted with the data key (AES-256-GCM).</summary>
    public byte[]? Sealed { get; set; }

    /// <summary>This compartment's data key, wrapped by the key-encryption key. Destroying it destroys the content.</summary>
    public byte[]? WrappedKey { get; set; }

    /// <summary>Names the data key in the shred journal, so a restored backup can destroy exactly the keys destroyed since.</summary>
    public Guid KeyId { get; set; }

    /// <summary>The content as read from (or last sealed for) the database; null for a new compartment.</summary>
    public string? ContentAsRead => openedContent;

    /// <summary>True when <see cref="Content"/> was changed since it was read or last sealed.</summary>
    public bool ContentChanged => Content != openedContent;

    /// <summary>Records the plaintext as read from (or just sealed for) the database.</summary>
    public void Opened(string content)
    {
        Content = content;
        openedContent = content;
        Unreadable = false;
    }

    /// <summary>True when the stored content did not open (altered or moved); <see cref="Content"/> is then empty.</summary>
    public bool Unreadable { get; private set; }

    /// <summary>The stored content could not be opened: it reads as empty.</summary>
    public void CouldNotOpen()
    {
        Opened("{}");
        Unreadable = true;
    }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the author marked their preparation as ready.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>When the author shared their preparation with the other party; null while private.</summary>
    public DateTimeOffset? SharedAt { get; set; }

    public long Version { get; set; }

    public static PartKind PreparationOf(bool isLeader) => isLeader ? PartKind.LeaderPreparation : PartKind.EmployeePreparation;
}
