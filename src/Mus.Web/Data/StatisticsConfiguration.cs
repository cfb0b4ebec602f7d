using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Data;

internal sealed class ConversationFiguresConfiguration : IEntityTypeConfiguration<ConversationFigures>
{
    public void Configure(EntityTypeBuilder<ConversationFigures> figures)
    {
        figures.HasKey(f => f.ConversationId);
        figures.Property(f => f.ConversationId).ValueGeneratedNever();
        figures.HasOne<Conversation>().WithOne().HasForeignKey<ConversationFigures>(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
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
