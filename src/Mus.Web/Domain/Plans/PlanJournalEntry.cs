namespace Mus.Web.Domain.Plans;

/// <summary>
/// A plan version both approved, to be filed in the personnel file (the journal): written in the same
/// transaction as the approval that locked it, delivered by the journal delivery, retried until
/// delivered or given up. Holds no plan wording: the extract is made from the plan when it is sent.
/// </summary>
public class PlanJournalEntry
{
    public const int ErrorMaxLength = 500;

    public long Id { get; set; }

    public int ConversationId { get; set; }

    public int PlanNumber { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Given up after <see cref="JournalOptions.MaxAttempts"/>: shown on the plan page and to the administrator.</summary>
    public DateTime? GaveUpAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// The webhook body made at the first attempt, sealed under the key-encryption key, so that every retry
    /// sends the same bytes (a receiver can compare them); cleared once delivered or given up.
    /// </summary>
    public byte[]? SealedBody { get; set; }
}
