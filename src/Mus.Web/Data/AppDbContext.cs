using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Templates;

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

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationPart> ConversationParts => Set<ConversationPart>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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
}
