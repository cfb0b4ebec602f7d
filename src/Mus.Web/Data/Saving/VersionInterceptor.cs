using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mus.Web.Data.Saving;

/// <summary>
/// Moves the concurrency token of every versioned row being saved. SQLite has no rowversion, so the
/// token is an ordinary column that we move forward ourselves, the same way on both databases.
/// </summary>
public sealed class VersionInterceptor : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        // A compartment's content is not a mapped column, so EF Core cannot see it change: compare with what was read.
        foreach (var entry in context.ChangeTracker.Entries<ConversationPart>().Where(e => e.State == EntityState.Unchanged && e.Entity.ContentChanged))
        {
            entry.State = EntityState.Modified;
        }

        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
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
