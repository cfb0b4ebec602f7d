using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mus.Web.Data;

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> throttle)
    {
        throttle.HasKey(t => t.Key);
        throttle.Property(t => t.Key).HasMaxLength(SignInThrottle.KeyLength);
        throttle.HasIndex(t => t.LastFailureAt);
    }
}

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Email.OutboxMail>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Email.OutboxMail> mail)
    {
        mail.Property(m => m.To).HasMaxLength(Mus.Web.Infrastructure.Email.OutboxMail.AddressMaxLength);
        mail.Property(m => m.Purpose).HasMaxLength(Mus.Web.Infrastructure.Email.OutboxMail.PurposeMaxLength);
        mail.Property(m => m.LastError).HasMaxLength(Mus.Web.Infrastructure.Email.OutboxMail.ErrorMaxLength);
        mail.Property(m => m.MessageId).HasMaxLength(100);
        mail.Property(m => m.LeaseOwner).HasMaxLength(100);
        mail.Property(m => m.CalendarMethod).HasMaxLength(10);
        mail.Property(m => m.UnsubscribeUrl).HasMaxLength(1000);
        mail.Property(m => m.Language).HasMaxLength(10);
        // The dispatcher's question: what is due and not yet sent or given up?
        mail.HasIndex(m => new { m.SentAt, m.DeadAt, m.NextAttemptAt });
        mail.HasIndex(m => new { m.RoundId, m.DeadAt });
    }
}

internal sealed class SentReminderConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Reminders.SentReminder>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Reminders.SentReminder> reminder)
    {
        reminder.Property(r => r.Kind).HasMaxLength(Mus.Web.Infrastructure.Reminders.SentReminder.KindMaxLength);
        reminder.HasIndex(r => new { r.ConversationId, r.PersonId, r.Kind, r.ForDate, r.OffsetDays }).IsUnique();
        // The scan reads what was sent by the dates it is about.
        reminder.HasIndex(r => r.ForDate);
    }
}

internal sealed class MailPauseConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Email.MailPause>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Email.MailPause> pause)
    {
        pause.Property(p => p.Id).ValueGeneratedNever();
        pause.Property(p => p.PausedByUserId).HasMaxLength(450);
    }
}

internal sealed class OrganisationGuidanceConfiguration : IEntityTypeConfiguration<Mus.Web.Domain.OrganisationGuidance>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Domain.OrganisationGuidance> guidance)
    {
        guidance.ToTable("OrganisationGuidance");
        guidance.Property(g => g.Id).ValueGeneratedNever();
        guidance.Property(g => g.Prepare).HasMaxLength(Mus.Web.Domain.OrganisationGuidance.NoteMaxLength);
        guidance.Property(g => g.Conversation).HasMaxLength(Mus.Web.Domain.OrganisationGuidance.NoteMaxLength);
        guidance.Property(g => g.Plan).HasMaxLength(Mus.Web.Domain.OrganisationGuidance.NoteMaxLength);
        guidance.Property(g => g.After).HasMaxLength(Mus.Web.Domain.OrganisationGuidance.NoteMaxLength);
    }
}

internal sealed class JobTurnConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Jobs.JobTurn>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Jobs.JobTurn> turn)
    {
        turn.HasKey(j => j.Name);
        turn.Property(j => j.Name).HasMaxLength(Mus.Web.Infrastructure.Jobs.JobTurn.NameMaxLength);
    }
}

internal sealed class SingleSignOnRequirementConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Auth.SingleSignOn.SingleSignOnRequirement>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Auth.SingleSignOn.SingleSignOnRequirement> requirement)
    {
        requirement.ToTable("SingleSignOnRequirement");
        requirement.Property(r => r.Id).ValueGeneratedNever();
        requirement.Property(r => r.BreakGlassUserId).HasMaxLength(450);
        requirement.Property(r => r.RequiredByUserId).HasMaxLength(450);
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<Mus.Web.Infrastructure.Auth.ApiClient>
{
    public void Configure(EntityTypeBuilder<Mus.Web.Infrastructure.Auth.ApiClient> client)
    {
        client.Property(c => c.Name).HasMaxLength(Mus.Web.Infrastructure.Auth.ApiClient.NameMaxLength);
        client.Property(c => c.Scopes).HasMaxLength(200);
        client.Property(c => c.SecretHash).HasMaxLength(64);
        client.Property(c => c.CreatedByUserId).HasMaxLength(450);
        client.Ignore(c => c.ScopeList);
    }
}
