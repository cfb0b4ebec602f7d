using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        MarkChangedCompartments();
        if (Data.Derived.FiguresWriter.Pending(ChangeTracker).Count > 0)
        {
            // Every save of content in the application is asynchronous; this keeps a synchronous one from skipping the figures.
            throw new InvalidOperationException("Compartments are saved with SaveChangesAsync, which keeps their figures in step.");
        }

        BumpVersions();
        SealCompartments();
        var audit = this.GetService<AuditTrail>();
        var batch = audit.AddTo(this);
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (Exception exception)
        {
            audit.SaveFailed(batch);
            if (exception is DbUpdateException update && !StorageFailedException.IsConflict(update))
            {
                throw new StorageFailedException(update);
            }

            throw;
        }
    }

    // The audit rows of this request go in with the change they describe: one transaction.
    // The countable answers of a saved compartment go in with it too (Pages/Statistics).
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        MarkChangedCompartments();
        var figures = await Data.Derived.FiguresWriter.SealAsync(this, Data.Derived.FiguresWriter.Pending(ChangeTracker), cancellationToken);
        BumpVersions();
        SealCompartments();
        var audit = this.GetService<AuditTrail>();
        var batch = audit.AddTo(this);
        try
        {
            if (figures.Count == 0)
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            await using (own)
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                await Data.Derived.FiguresWriter.StoreAsync(this, figures, cancellationToken);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }

                return saved;
            }
        }
        catch (Exception exception)
        {
            audit.SaveFailed(batch);
            if (exception is DbUpdateException update && !StorageFailedException.IsConflict(update))
            {
                throw new StorageFailedException(update);
            }

            throw;
        }
    }

    // SQLite has no rowversion, so the token is an ordinary column that we move forward ourselves.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
            else if (entry.State == EntityState.Added)
            {
                // Forms show 0 while a row does not exist yet; a row created meanwhile must not match that.
                entry.Entity.Version = 1;
            }
        }
    }

    // Content is not a mapped column, so EF Core cannot see it change: compare with what was read.
    private void MarkChangedCompartments()
    {
        foreach (var entry in ChangeTracker.Entries<ConversationPart>().Where(e => e.State == EntityState.Unchanged && e.Entity.ContentChanged))
        {
            entry.State = EntityState.Modified;
        }
    }

    // Sealed after the version is final, because the version is part of what the ciphertext is bound to.
    private void SealCompartments()
    {
        var entries = ChangeTracker.Entries<ConversationPart>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var cipher = this.GetService<CompartmentCipher>();
        foreach (var part in entries.Select(e => e.Entity))
        {
            if (part.ConversationId <= 0)
            {
                throw new InvalidOperationException("A compartment is sealed to its conversation: save the conversation before adding its content.");
            }

            if (part.Unreadable && !part.ContentChanged)
            {
                // Only its dates or sharing changed: the unreadable bytes are kept as they are.
                continue;
            }

            if (part.WrappedKey is null || part.Unreadable)
            {
                // New content over an unreadable compartment gets a key of its own: the stored one may belong elsewhere.
                part.KeyId = Guid.NewGuid();
                part.WrappedKey = cipher.NewWrappedKey(part.ConversationId, part.Kind);
            }

            part.Sealed = cipher.Seal(part.Content, part.WrappedKey, part.ConversationId, part.Kind, part.Version);
            part.Opened(part.Content);
            this.GetService<AuditTrail>().Record(part.ConversationId, part.Kind, AuditAction.Change);
        }
    }

}
