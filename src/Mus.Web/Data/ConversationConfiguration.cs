using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Data;

internal sealed class ConversationTemplateConfiguration : IEntityTypeConfiguration<ConversationTemplate>
{
    public void Configure(EntityTypeBuilder<ConversationTemplate> template)
    {
        template.Property(t => t.Name).HasMaxLength(ConversationTemplate.NameMaxLength);
        template.Property(t => t.BuiltInKey).HasMaxLength(40);
        template.HasIndex(t => t.BuiltInKey).IsUnique();
        template.HasMany(t => t.Versions).WithOne(v => v.Template).HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TemplateVersionConfiguration : IEntityTypeConfiguration<TemplateVersion>
{
    public void Configure(EntityTypeBuilder<TemplateVersion> version)
    {
        // Private setters: the version guards its own content and publication.
        version.Property(v => v.Content);
        version.Property(v => v.PublishedAt);
        version.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
    }
}

internal sealed class RoundConfiguration : IEntityTypeConfiguration<Round>
{
    public void Configure(EntityTypeBuilder<Round> round)
    {
        round.Property(r => r.Name).HasMaxLength(Round.NameMaxLength);
        round.Property(r => r.FocusText).HasMaxLength(Round.FocusMaxLength);
        round.Property(r => r.Orientation).HasMaxLength(Round.OrientationMaxLength);
        round.HasMany(r => r.Materials).WithOne().HasForeignKey(m => m.RoundId).OnDelete(DeleteBehavior.Cascade);
        round.HasOne(r => r.TemplateVersion).WithMany().HasForeignKey(r => r.TemplateVersionId).OnDelete(DeleteBehavior.Restrict);
        round.HasMany(r => r.Units).WithOne().HasForeignKey(u => u.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoundMaterialConfiguration : IEntityTypeConfiguration<RoundMaterial>
{
    public void Configure(EntityTypeBuilder<RoundMaterial> material)
    {
        material.Property(m => m.Title).HasMaxLength(RoundMaterial.TitleMaxLength);
        material.Property(m => m.Url).HasMaxLength(RoundMaterial.UrlMaxLength);
        material.Property(m => m.FileName).HasMaxLength(RoundMaterial.FileNameMaxLength);
    }
}

internal sealed class RoundUnitConfiguration : IEntityTypeConfiguration<RoundUnit>
{
    public void Configure(EntityTypeBuilder<RoundUnit> unit)
    {
        unit.HasKey(u => new { u.RoundId, u.OrgUnitId });
        unit.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConversationEntityConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        conversation.Property(c => c.ExcusedReason).HasConversion<string>().HasMaxLength(20);
        conversation.Property(c => c.Location).HasMaxLength(Conversation.LocationMaxLength);
        conversation.Property(c => c.ScheduledStart);
        conversation.Property(c => c.ScheduledMinutes);
        conversation.Property(c => c.CalendarUid);
        conversation.Property(c => c.CalendarSequence);
        conversation.Property(c => c.FollowUpMeetingStart);
        conversation.Property(c => c.FollowUpMeetingMinutes);
        conversation.Property(c => c.FollowUpMeetingLocation).HasMaxLength(Conversation.LocationMaxLength);
        conversation.Property(c => c.FollowUpCalendarUid);
        conversation.Property(c => c.FollowUpCalendarSequence);
        conversation.Property(c => c.DeclinedAt);
        conversation.Property(c => c.PlanApprovedAt);
        conversation.Property(c => c.NextFollowUpOn);
        conversation.Property(c => c.OpenActionDeadline);
        // The reminder scan's questions.
        conversation.HasIndex(c => c.NextFollowUpOn);
        conversation.HasIndex(c => c.OpenActionDeadline);
        conversation.Property(c => c.Offer).HasConversion<string>().HasMaxLength(20);
        conversation.Property(c => c.OfferAnswer).HasConversion<string>().HasMaxLength(20);
        conversation.HasIndex(c => new { c.RoundId, c.EmployeeId }).IsUnique();
        conversation.HasIndex(c => c.EmployeeId);
        conversation.HasIndex(c => c.LeaderId);
        conversation.HasIndex(c => new { c.RoundId, c.Status });
        conversation.HasOne(c => c.Round).WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne(c => c.Employee).WithMany().HasForeignKey(c => c.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne(c => c.Leader).WithMany().HasForeignKey(c => c.LeaderId).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne<TemplateVersion>().WithMany().HasForeignKey(c => c.TemplateVersionId).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.UnitIdAtRound).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne<JobGroup>().WithMany().HasForeignKey(c => c.JobGroupIdAtRound).OnDelete(DeleteBehavior.Restrict);
        conversation.HasOne(c => c.HeldWithLeader).WithMany().HasForeignKey(c => c.HeldWithLeaderId).OnDelete(DeleteBehavior.Restrict);
        conversation.Property(c => c.StatisticsOptOutAt);
        conversation.HasMany(c => c.Parts).WithOne().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationPartConfiguration : IEntityTypeConfiguration<ConversationPart>
{
    public void Configure(EntityTypeBuilder<ConversationPart> part)
    {
        part.Property(p => p.Kind).HasConversion<string>().HasMaxLength(30);
        part.Ignore(p => p.Content);
        part.Ignore(p => p.ContentChanged);
        part.Ignore(p => p.Unreadable);
        part.HasIndex(p => new { p.ConversationId, p.Kind }).IsUnique();
    }
}

internal sealed class KeyEncryptionKeyConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Crypto.KeyEncryptionKey>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Crypto.KeyEncryptionKey> key)
    {
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.Protected).HasMaxLength(4000);
    }
}

internal sealed class ShredReceiptConfiguration : IEntityTypeConfiguration<ShredReceipt>
{
    public void Configure(EntityTypeBuilder<ShredReceipt> receipt)
    {
        receipt.Property(r => r.Compartment).HasConversion<string>().HasMaxLength(40);
        receipt.Property(r => r.Reason).HasMaxLength(100);
        receipt.HasIndex(r => r.EmployeeId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Audit.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Audit.AuditEntry> entry)
    {
        entry.Property(e => e.Compartment).HasConversion<string>().HasMaxLength(40);
        entry.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        entry.Property(e => e.Purpose).HasMaxLength(200);
        entry.Property(e => e.Roles).HasMaxLength(100);
        entry.Property(e => e.UserId).HasMaxLength(450);
        entry.HasIndex(e => e.ConversationId);
    }
}

internal sealed class RoundSummaryConfiguration : IEntityTypeConfiguration<RoundSummary>
{
    public void Configure(EntityTypeBuilder<RoundSummary> summary)
    {
        summary.Property(s => s.Text).HasMaxLength(RoundSummary.TextMaxLength);
        summary.HasIndex(s => new { s.RoundId, s.LeaderId }).IsUnique();
        summary.HasIndex(s => s.LeaderId);
        summary.HasOne<Round>().WithMany().HasForeignKey(s => s.RoundId).OnDelete(DeleteBehavior.Cascade);
        summary.HasOne<Person>().WithMany().HasForeignKey(s => s.LeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}
