namespace Mus.Web.Domain.Conversations;

/// <summary>
/// A leader's joint feedback to their team after a round (seed 004): common trends in the leader's
/// own words, written beside the team's figures and published to the team. Never filled in from a
/// conversation: MUS quotes nothing into it.
/// </summary>
public class RoundSummary : IVersioned
{
    public const int TextMaxLength = 8000;

    public int Id { get; set; }

    public int RoundId { get; set; }

    public int LeaderId { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the team was told; null while it is the leader's draft.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public long Version { get; set; }
}
