using System.Diagnostics;
using System.Text;

namespace Mus.Tests.Infrastructure.Processes;

/// <summary>
/// Debian's podman as TOOLCHAIN.md says it works on these machines: the runc runtime, no ulimits
/// (the sandbox refuses setrlimit), the host's network. No registry is reachable, so the
/// Containerfile's base (debian:bookworm-slim) is made once from Debian's packages with debootstrap
/// and kept in podman's store under that name.
/// </summary>
public static class Podman
{
    public const string BaseImage = "docker.io/library/debian:bookworm-slim";

    private static readonly string Configuration = WriteConfiguration();

    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        public Result Succeeded(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed ({ExitCode}):\n{Output}\n{Errors}");
            return this;
        }
    }

    /// <summary>podman with the machine's settings; the arguments as given.</summary>
    public static Task<Result> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var podman = new List<string> { "--runtime", "runc" };
        podman.AddRange(arguments);
        return ProcessAsync("podman", podman, timeout);
    }

    public static async Task<Result> ProcessAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONTAINERS_CONF"] = Configuration;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (output) { output.AppendLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { lock (errors) { errors.AppendLine(line.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran over {timeout}:\n{output}\n{errors}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), errors.ToString());
    }

    /// <summary>The base image, made from Debian's packages when podman's store lacks it (about half a minute).</summary>
    public static async Task EnsureBaseImageAsync()
    {
        Assert.True(File.Exists("/usr/bin/podman"), "Debian's podman is missing: the test script installs it (apt-get install podman runc debootstrap).");
        if ((await RunAsync(TimeSpan.FromMinutes(1), "image", "exists", BaseImage)).ExitCode == 0)
        {
            return;
        }

        var root = Path.Combine(Path.GetTempPath(), "mus-debian-" + Guid.NewGuid().ToString("N"));
        try
        {
            (await ProcessAsync("debootstrap", ["--variant=minbase", "bookworm", root, Mirror()], TimeSpan.FromMinutes(10))).Succeeded("debootstrap");
            (await ProcessAsync("bash", ["-c", $"tar -C '{root}' -c . | podman import - localhost/debian-min:bookworm"], TimeSpan.FromMinutes(5))).Succeeded("podman import");
            (await RunAsync(TimeSpan.FromMinutes(1), "tag", "localhost/debian-min:bookworm", BaseImage)).Succeeded("podman tag");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                await ProcessAsync("rm", ["-rf", root], TimeSpan.FromMinutes(2));
            }
        }
    }

    /// <summary>The Debian mirror apt already uses.</summary>
    private static string Mirror()
    {
        foreach (var file in Directory.GetFiles("/etc/apt/sources.list.d", "*.sources").Append("/etc/apt/sources.list").Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file))
            {
                var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["URIs:", var uri, ..] && uri.Contains("debian", StringComparison.Ordinal) && !uri.Contains("security", StringComparison.Ordinal))
                {
                    return uri;
                }

                if (words is ["deb", var url, ..] && !url.Contains("security", StringComparison.Ordinal))
                {
                    return url;
                }
            }
        }

        return "http://deb.debian.org/debian";
    }

    private static string WriteConfiguration()
    {
        var path = Path.Combine(Path.GetTempPath(), "mus-containers.conf");
        File.WriteAllText(path, "[containers]\ndefault_ulimits = []\n");
        return path;
    }
}
