using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Mus.Web.Domain.Templates;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data;

/// <summary>
/// The one database context. Each provider has a subclass that owns its migrations
/// (<see cref="Sqlite.SqliteAppDbContext"/>, <see cref="Postgres.PostgresAppDbContext"/>);
/// everything else asks for this type.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring, shared by every instance of the application.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    public DbSet<JobGroup> JobGroups => Set<JobGroup>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<ConversationTemplate> Templates => Set<ConversationTemplate>();

    public DbSet<TemplateVersion> TemplateVersions => Set<TemplateVersion>();

    public DbSet<Round> Rounds => Set<Round>();

    public DbSet<RoundUnit> RoundUnits => Set<RoundUnit>();

    public DbSet<RoundMaterial> RoundMaterials => Set<RoundMaterial>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationPart> ConversationParts => Set<ConversationPart>();

    public DbSet<KeyEncryptionKey> KeyEncryptionKeys => Set<KeyEncryptionKey>();

    public DbSet<ShredReceipt> ShredReceipts => Set<ShredReceipt>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Infrastructure.Auth.SignInThrottle> SignInThrottles => Set<Infrastructure.Auth.SignInThrottle>();

    public DbSet<Infrastructure.RateLimiting.RateLimitHit> RateLimitHits => Set<Infrastructure.RateLimiting.RateLimitHit>();

    public DbSet<Infrastructure.Email.OutboxMail> OutboxMails => Set<Infrastructure.Email.OutboxMail>();

    public DbSet<Infrastructure.Email.MailPause> MailPauses => Set<Infrastructure.Email.MailPause>();

    public DbSet<Infrastructure.Reminders.SentReminder> SentReminders => Set<Infrastructure.Reminders.SentReminder>();

    public DbSet<Domain.OrganisationGuidance> OrganisationGuidance => Set<Domain.OrganisationGuidance>();

    public DbSet<Infrastructure.Jobs.JobTurn> JobTurns => Set<Infrastructure.Jobs.JobTurn>();

    public DbSet<Domain.Plans.PlanJournalEntry> PlanJournal => Set<Domain.Plans.PlanJournalEntry>();

    public DbSet<Infrastructure.Auth.ApiClient> ApiClients => Set<Infrastructure.Auth.ApiClient>();

    public DbSet<Infrastructure.Auth.SingleSignOn.SingleSignOnRequirement> SingleSignOnRequirement => Set<Infrastructure.Auth.SingleSignOn.SingleSignOnRequirement>();

    public DbSet<Domain.Statistics.ConversationFigures> ConversationFigures => Set<Domain.Statistics.ConversationFigures>();

    public DbSet<Domain.Statistics.PublishedFigures> PublishedFigures => Set<Domain.Statistics.PublishedFigures>();

    public DbSet<Domain.Conversations.RoundSummary> RoundSummaries => Set<Domain.Conversations.RoundSummary>();

    public DbSet<Domain.Plans.SharedAction> SharedActions => Set<Domain.Plans.SharedAction>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    /// <summary>Compartments were shredded in the open transaction (SQLite empties its WAL after the commit).</summary>
    public bool CheckpointAfterCommit { get; set; }

    // Every context saves through the pipeline, however it was made (Data/Saving/SavePipeline).
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(Saving.SavePipeline.Interceptors);
}
