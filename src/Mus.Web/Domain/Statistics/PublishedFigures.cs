using Mus.Web.Domain.Conversations;

namespace Mus.Web.Domain.Statistics;

/// <summary>
/// A round's figures as published, once: the groups shown and their totals, written when the round's
/// conversation deadline has passed (or HR publishes early) and never changed after. Every page that
/// shows a figure reads this row, so two reads a day apart, or around an opt-out, tell nothing new.
/// </summary>
public class PublishedFigures
{
    public int RoundId { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>The published groups and totals (JSON, see <c>RoundReport.Write</c>): no person's answers, only shown groups' sums.</summary>
    public string Document { get; set; } = "";
}
