using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mus.Web.Data.Sqlite;

/// <summary>
/// Sets a busy timeout on every SQLite connection so that a writer waits for another instead of
/// failing with "database is locked" (WAL lets readers go on meanwhile).
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
