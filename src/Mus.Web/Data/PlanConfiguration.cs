using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Mus.Web.Domain.Plans;

namespace Mus.Web.Data;

internal sealed class SharedActionConfiguration : IEntityTypeConfiguration<SharedAction>
{
    public void Configure(EntityTypeBuilder<SharedAction> action)
    {
        action.Property(a => a.ActionKey).HasMaxLength(32);
        action.Property(a => a.SealedWhat).HasMaxLength(2000);
        action.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        action.HasIndex(a => new { a.ConversationId, a.ActionKey }).IsUnique();
        action.HasIndex(a => a.EmployeeId);
        action.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        action.HasOne<Person>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanJournalEntryConfiguration : IEntityTypeConfiguration<PlanJournalEntry>
{
    public void Configure(EntityTypeBuilder<PlanJournalEntry> entry)
    {
        entry.ToTable("PlanJournal");
        entry.Property(e => e.LastError).HasMaxLength(PlanJournalEntry.ErrorMaxLength);
        entry.HasIndex(e => new { e.ConversationId, e.PlanNumber }).IsUnique();
        // The delivery's question: what is due and neither delivered nor given up?
        entry.HasIndex(e => new { e.DeliveredAt, e.GaveUpAt, e.NextAttemptAt });
        entry.HasOne<Domain.Conversations.Conversation>().WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
