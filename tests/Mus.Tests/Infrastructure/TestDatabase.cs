using Npgsql;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// Where a test's data lives: a fresh SQLite file, or a fresh database on the PostgreSQL server
/// named by <c>MUS_TEST_POSTGRES</c> (the test script starts one). Without that server, the
/// PostgreSQL cases are reported as skipped, never as passed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string PostgresVariable = "MUS_TEST_POSTGRES";

    public static TheoryData<string> Providers => new(Sqlite, Postgres);

    private readonly string? postgresDatabase;

    private TestDatabase(string provider, string directory, string? connectionString, string? postgresDatabase)
    {
        Provider = provider;
        Directory = directory;
        ConnectionString = connectionString;
        this.postgresDatabase = postgresDatabase;
    }

    public string Provider { get; }

    /// <summary>The data directory: the SQLite file and the mail pickup folder.</summary>
    public string Directory { get; }

    /// <summary>Null for SQLite, which then uses its file under <see cref="Directory"/>.</summary>
    public string? ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mus-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (provider == Sqlite)
        {
            return new TestDatabase(provider, directory, null, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip($"PostgreSQL is not available: set {PostgresVariable} (the test script does this when PostgreSQL is installed).");
        }

        var name = "mus_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(provider, directory, builder.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file may still be open in a pool for a moment; the temp folder is cleaned by the OS.
        }
    }
}
