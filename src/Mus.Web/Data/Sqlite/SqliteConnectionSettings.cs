using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Mus.Web.Data.Sqlite;

/// <summary>
/// Sets a busy timeout on every SQLite connection so that a writer waits for another instead of
/// failing with "database is locked" (WAL lets readers go on meanwhile), and overwrites what is deleted.
/// A writer that waited the whole timeout fails with SQLITE_BUSY, which the error page shows as
/// "try again in a moment" (503), never as a fault.
/// </summary>
internal sealed class SqliteConnectionSettings(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    // secure_delete overwrites deleted rows with zeros, so a shredded data key does not linger in free pages.
    private readonly string pragmas = $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA secure_delete = ON;";

    // Both settings belong to the database handle, which the pool keeps open between uses: they are set
    // once per handle, not at every open (EF opens a connection around each query).
    private readonly ConditionalWeakTable<sqlite3, object> configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection, out var handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            configured.AddOrUpdate(handle, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection, out var handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            configured.AddOrUpdate(handle, this);
        }
    }

    private bool IsNew(DbConnection connection, out sqlite3 handle)
    {
        handle = ((SqliteConnection)connection).Handle!;
        return !configured.TryGetValue(handle, out _);
    }
}
