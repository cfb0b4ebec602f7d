using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Data;

/// <summary>The <c>Database</c> section; the connection itself is the usual <c>ConnectionStrings:Default</c>.</summary>
public sealed class DatabaseOptions : ISettings
{
    public const string Section = "Database";
    public const string SqliteProvider = "Sqlite";
    public const string PostgresProvider = "Postgres";

    /// <summary><c>Sqlite</c> (a file under the data directory unless a connection string is given) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>SQLite only: how long a request waits for a locked database before it is told to try again.</summary>
    public int BusyTimeoutSeconds { get; set; } = 5;

    /// <summary><c>ConnectionStrings:Default</c>, or for SQLite the file under the data directory when that is unset.</summary>
    public string ConnectionString { get; set; } = "";

    public bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        if (!IsPostgres && !IsSqlite)
        {
            yield return $"{Section}:Provider must be '{SqliteProvider}' or '{PostgresProvider}'.";
        }
        else if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{Section}:Provider is Postgres, so ConnectionStrings:Default must be set.";
        }

        if (BusyTimeoutSeconds < 1)
        {
            yield return $"{Section}:BusyTimeoutSeconds must be at least 1.";
        }
    }
}
