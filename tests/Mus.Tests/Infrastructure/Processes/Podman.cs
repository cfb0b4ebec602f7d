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

    /// <summary>podman with the machine's settings; the arguments as given.</summary>
    public static Task<Tool.Result> RunAsync(TimeSpan timeout, params string[] arguments) =>
        Tool.RunAsync("podman", ["--runtime", "runc", .. arguments], timeout, environment: new Dictionary<string, string> { ["CONTAINERS_CONF"] = Configuration });

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
            (await Tool.RunAsync("debootstrap", ["--variant=minbase", "bookworm", root, Mirror()], TimeSpan.FromMinutes(10))).Succeeded("debootstrap");
            (await Tool.RunAsync("bash", ["-c", $"tar -C '{root}' -c . | podman import - localhost/debian-min:bookworm"], TimeSpan.FromMinutes(5), environment: new Dictionary<string, string> { ["CONTAINERS_CONF"] = Configuration })).Succeeded("podman import");
            (await RunAsync(TimeSpan.FromMinutes(1), "tag", "localhost/debian-min:bookworm", BaseImage)).Succeeded("podman tag");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                await Tool.RunAsync("rm", ["-rf", root], TimeSpan.FromMinutes(2));
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
