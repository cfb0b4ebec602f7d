using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mus.Web.Data.Saving;

/// <summary>
/// A refusal that is not a conflict between two people (an audit row that cannot be written, a full
/// disk, a missing grant) becomes a <see cref="StorageFailedException"/>, which pages let through,
/// so nobody is told "saved meanwhile" when nothing was.
/// </summary>
public sealed class StorageErrorInterceptor : SaveChangesInterceptor
{
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Translate(eventData.Exception);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Translate(eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Translate(Exception exception)
    {
        if (exception is DbUpdateException update && !StorageFailedException.IsConflict(update))
        {
            throw new StorageFailedException(update);
        }
    }
}
