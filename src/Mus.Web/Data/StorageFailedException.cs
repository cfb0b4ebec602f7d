using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
}
