using System.Diagnostics;
using Npgsql;

namespace Mus.Tests.Infrastructure;

/// <summary>The server's own pg_dump and psql, for backups and dumps as an operator makes them.</summary>
public static class PostgresTools
{
    /// <summary>The test server's data directory (its WAL under pg_wal, its log in server.log); the test script sets it.</summary>
    public const string DataDirectoryVariable = "MUS_TEST_PG_DATA";

    /// <summary>Writes what the server holds in memory out to its files (needs a superuser, as the test server's is).</summary>
    public static async Task CheckpointAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CHECKPOINT", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A whole plain-SQL dump (schema and data) of the database.</summary>
    public static async Task<byte[]> DumpAsync(string connectionString)
    {
        using var dump = new MemoryStream();
        await RunAsync("pg_dump", connectionString, [], input: null, output: dump);
        return dump.ToArray();
    }

    /// <summary>Loads a plain-SQL dump into the (empty) database, stopping at the first error.</summary>
    public static Task RestoreAsync(string connectionString, byte[] dump) =>
        RunAsync("psql", connectionString, ["-v", "ON_ERROR_STOP=1", "-q"], input: dump, output: Stream.Null);

    private static async Task RunAsync(string tool, string connectionString, string[] arguments, byte[]? input, Stream output)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Find(tool))
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, "-d", server.Database! }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }

        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await errors}");
    }

    // The test script names pg_dump; psql sits beside it. Otherwise the newest installed server's.
    public static string Find(string tool)
    {
        var directory = Environment.GetEnvironmentVariable("MUS_TEST_PG_DUMP") is { Length: > 0 } pgDump
            ? Path.GetDirectoryName(pgDump)!
            : Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0).Select(d => Path.Combine(d, "bin")).Last(d => File.Exists(Path.Combine(d, "pg_dump")));
        return Path.Combine(directory, tool);
    }
}
