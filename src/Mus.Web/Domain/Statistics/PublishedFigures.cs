using Microsoft.EntityFrameworkCore.Metadata.Builders;
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

internal sealed class PublishedFiguresConfiguration : IEntityTypeConfiguration<PublishedFigures>
{
    public void Configure(EntityTypeBuilder<PublishedFigures> published)
    {
        published.HasKey(p => p.RoundId);
        published.Property(p => p.RoundId).ValueGeneratedNever();
        published.HasOne<Round>().WithMany().HasForeignKey(p => p.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
