using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mus.Web.Data;

/// <summary>
/// The database refused a save for a reason that is not a conflict between two people (an audit
/// row that cannot be written, a full disk, a missing grant). Pages catch conflicts to show both
/// versions; this one they let through, so nobody is told "saved meanwhile" when nothing was.
/// </summary>
public sealed class StorageFailedException(DbUpdateException inner)
    : Exception("The database refused the save for a reason other than a conflict.", inner)
{
    /// <summary>
    /// Someone else got there first: a newer version (concurrency token), the same unique key
    /// inserted meanwhile, or a record removed meanwhile (foreign key).
    /// </summary>
    public static bool IsConflict(DbUpdateException exception) => exception is DbUpdateConcurrencyException || exception.InnerException switch
    {
        // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY, _FOREIGNKEY
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555 or 787,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };

    /// <summary>
    /// The database was too busy to answer in time: SQLite's write lock held past the busy timeout,
    /// or on PostgreSQL a lock or statement timeout, a deadlock, or no free connection in the pool;
    /// or PostgreSQL could not be reached for a moment (restarting, shutting down, a broken
    /// connection: what Npgsql calls transient). Nothing is wrong with the request; it may be tried
    /// again in a moment.
    /// </summary>
    public static bool IsBusy(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var busy = current switch
            {
                // SQLITE_BUSY, SQLITE_LOCKED
                SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
                PostgresException postgres => postgres.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected
                    or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.TooManyConnections
                    || postgres.IsTransient,
                NpgsqlException npgsql => npgsql.IsTransient || npgsql.Message.Contains("pool", StringComparison.OrdinalIgnoreCase),
                TimeoutException => true,
                _ => false,
            };
            if (busy)
            {
                return true;
            }
        }

        return false;
    }
}
