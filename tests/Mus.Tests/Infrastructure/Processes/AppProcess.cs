using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Mus.Tests.Infrastructure.Processes;

/// <summary>
/// MUS as an operator runs it: its own process (the Mus.Web executable built beside the tests), in
/// Production, listening on a loopback port; what it writes to the console is kept for the test.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public IReadOnlyCollection<string> Output => output;

    public bool HasExited => process.HasExited;

    /// <summary>Starts the web application (no command) or a command such as <c>seed-demo</c>.</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string?> settings, string? command = null, int? port = null)
    {
        var chosenPort = port ?? FreePort.Next();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Mus.Web"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The test host's settings (polling file watchers) are not the operator's.
        start.Environment.Remove("DOTNET_hostBuilder__reloadConfigOnChange");
        if (command is not null)
        {
            start.ArgumentList.Add(command);
        }

        start.ArgumentList.Add($"--urls=http://127.0.0.1:{chosenPort}");
        start.ArgumentList.Add("--contentRoot=" + RepositoryFiles.PathOf("src", "Mus.Web"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        return new AppProcess(Process.Start(start)!, chosenPort);
    }

    /// <summary>
    /// Starts MUS as an operator would (its own process, Production, a fresh data directory) with
    /// <paramref name="settings"/> that must stop it: asserts exit code 2 and no stack trace, and returns what it printed.
    /// </summary>
    public static async Task<string> RefusedStartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mus-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = Start(new Dictionary<string, string?>(settings) { ["DataDirectory"] = directory });
            Xunit.Assert.Equal(2, await app.ExitCodeAsync(TimeSpan.FromMinutes(1)));
            // The output is read on its own threads: give them a moment to take the last line.
            await Task.Delay(200);
            var output = string.Join('\n', app.Output);
            Xunit.Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            return output;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Waits for a command to finish and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (the database is reachable and migrated).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"MUS on port {Port} exited with {process.ExitCode}:\n{string.Join('\n', output.TakeLast(40))}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(Address, "/health/ready"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"MUS on port {Port} was not ready within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{string.Join('\n', output.TakeLast(40))}");
    }

    /// <summary>kill -9: no shutdown, nothing flushed that was not already.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
