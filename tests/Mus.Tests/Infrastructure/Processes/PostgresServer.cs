using System.Diagnostics;
using Npgsql;

namespace Mus.Tests.Infrastructure.Processes;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary folder, a free port), for tests that
/// stop and restart it: the suite's shared server must stay up for the tests running beside them.
/// Skipped, like every PostgreSQL test, where the test script found no PostgreSQL.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string directory;

    private PostgresServer(string directory, int port)
    {
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<PostgresServer> StartAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            Assert.Skip($"PostgreSQL is not available: set {TestDatabase.PostgresVariable} (the test script does this when PostgreSQL is installed).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "mus-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root; the server runs as the postgres user, as in the test script.
            await RunAsync("chown", "postgres", directory);
        }

        var server = new PostgresServer(directory, FreePort.Next());
        await server.PgAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust");
        await server.StartAgainAsync();
        return server;
    }

    private string DataDirectory => Path.Combine(directory, "data");

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fast shutdown: open connections are cut, as in a restart by an operator.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public Task StartAgainAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-o",
        $"-h 127.0.0.1 -p {Port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");

    private Task PgAsync(string tool, params string[] arguments) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", PostgresTools.Find(tool), .. arguments])
        : RunAsync(PostgresTools.Find(tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {await output} {await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "stop");
        }
        catch (Exception)
        {
            // Already stopped.
        }

        Directory.Delete(directory, recursive: true);
    }
}
