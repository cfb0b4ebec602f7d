using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Processes;
using Mus.Web.Demo;

namespace Mus.Tests.Operations;

/// <summary>
/// The release script's three archives (linux-x64, linux-arm64, win-x64), and the image the Containerfile
/// makes of the linux-x64 one, built once for the class.
/// </summary>
public sealed class ContainerImage : IAsyncLifetime
{
    public const string Tag = "localhost/mus:test";

    public string Report { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Podman.EnsureBaseImageAsync();
        (await Tool.RunAsync("bash", ["scripts/release.sh", "test"], TimeSpan.FromMinutes(15))).Succeeded("scripts/release.sh");
        foreach (var (made, native) in new[] { ("mus-test-linux-x64.tar.gz", "linux-x64/libSkiaSharp.so"), ("mus-test-linux-arm64.tar.gz", "linux-arm64/libSkiaSharp.so"), ("mus-test-win-x64.zip", "win-x64/libSkiaSharp.dll") })
        {
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "release", made)), made);
            // Each with the native libraries the PDF is drawn with, for its own platform.
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "release", native)), native);
        }

        // The docker format keeps the HEALTHCHECK (OCI images have no such field).
        (await Podman.RunAsync(TimeSpan.FromMinutes(10), "build", "--pull=never", "--network", "host", "--format", "docker", "-t", Tag, "-f", "Containerfile", ".")).Succeeded("podman build");
        // The image this replaced (every run makes one) is left without a name: not kept.
        await Podman.RunAsync(TimeSpan.FromMinutes(2), "image", "prune", "-f");
        var size = long.Parse((await Podman.RunAsync(TimeSpan.FromMinutes(1), "image", "inspect", "--format", "{{.Size}}", Tag)).Succeeded("podman image inspect").Output.Trim(), CultureInfo.InvariantCulture);
        var archive = new FileInfo(Path.Combine(RepositoryFiles.Root, "release", "mus-test-linux-x64.tar.gz")).Length;
        Report = $"image {size / 1_000_000} MB (the home-made Debian base included), linux-x64 archive {archive / 1_000_000} MB";
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// MUS as an IT department runs it: the image on an empty volume, read-only, as its own user, behind
/// nginx; the demo signs in, a PDF is drawn inside the container (with no font in the image), and a
/// new container on the same volume finds everything again. And the same image against PostgreSQL.
/// Runs alone: a publish, an image build and a server on two cores would slow whatever ran beside them.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ContainerImageTests(ContainerImage image, ITestOutputHelper output) : IClassFixture<ContainerImage>
{
    private sealed class Container(string name, int port) : IAsyncDisposable
    {
        public string Name => name;

        public int Port => port;

        public static async Task<(Container Container, TimeSpan Ready)> StartAsync(string volume, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var port = FreePort.Next();
            var name = "mus-test-" + Guid.NewGuid().ToString("N")[..12];
            var run = new List<string> { "run", "-d", "--name", name, "--network", "host", "--read-only", "-v", volume + ":/var/lib/mus", "-e", $"ASPNETCORE_HTTP_PORTS={port}" };
            foreach (var (key, value) in environment)
            {
                run.AddRange(["-e", $"{key}={value}"]);
            }

            run.Add(ContainerImage.Tag);
            run.AddRange(arguments);
            var started = Stopwatch.StartNew();
            (await Podman.RunAsync(TimeSpan.FromMinutes(2), [.. run])).Succeeded("podman run");
            var container = new Container(name, port);
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            while (started.Elapsed < TimeSpan.FromMinutes(2))
            {
                try
                {
                    if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK)
                    {
                        return (container, started.Elapsed);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(100);
            }

            var logs = await Podman.RunAsync(TimeSpan.FromMinutes(1), "logs", name);
            await container.DisposeAsync();
            throw new TimeoutException($"The container was not ready within two minutes:\n{logs.Output}\n{logs.Errors}");
        }

        public Task<Tool.Result> ExecAsync(params string[] command) => Podman.RunAsync(TimeSpan.FromMinutes(1), ["exec", name, .. command]);

        public async ValueTask DisposeAsync() => await Podman.RunAsync(TimeSpan.FromMinutes(1), "rm", "-f", "-t", "5", name);
    }

    [Fact]
    public async Task OnAnEmptyVolume_TheDemoSignsIn_APdfIsDrawn_AndANewContainerFindsTheDataAgain()
    {
        var volume = "mus-test-" + Guid.NewGuid().ToString("N")[..12];
        var proxyPort = FreePort.Next();
        var environment = new Dictionary<string, string> { ["App__PublicUrl"] = $"https://localhost:{proxyPort}" };
        try
        {
            var (first, ready) = await Container.StartAsync(volume, environment, "--demo");
            await using (first)
            {
                // Its own user, a root file system it cannot write, and a health check that answers.
                Assert.Equal("10001", (await first.ExecAsync("id", "-u")).Succeeded("id").Output.Trim());
                Assert.NotEqual(0, (await first.ExecAsync("touch", "/opt/mus/written")).ExitCode);
                (await Podman.RunAsync(TimeSpan.FromMinutes(1), "healthcheck", "run", first.Name)).Succeeded("podman healthcheck run");

                await using var proxy = await NginxProxy.StartAsync([first.Port], proxyPort);
                using var ida = proxy.CreateClient();
                Assert.Equal("/Start/Employee", await ida.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password));
                using var pdf = await ida.GetAsync("/profile/export?handler=Pdf");
                Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
                Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
                using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
                Assert.Contains("Ida Brandt", string.Concat(document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
                Assert.All(document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct(), f => Assert.Contains("IBMPlexSans", f, StringComparison.Ordinal));

                // The commands run in the image too: a backup beside the database, on the volume.
                (await first.ExecAsync("/opt/mus/Mus.Web", "--contentRoot=/opt/mus", "backup", "/var/lib/mus/copy.db")).Succeeded("backup");
            }

            // A new container (an upgrade, a host moved) on the same volume, without --demo: the data is there.
            await using var second = (await Container.StartAsync(volume, environment)).Container;
            await using var again = await NginxProxy.StartAsync([second.Port], proxyPort);
            using var karsten = again.CreateClient();
            Assert.Equal("/Start/Leader", await karsten.SignInAsync(DemoOrganisation.LeaderEmail, DemoOrganisation.Password));
            Assert.Contains("copy.db", (await second.ExecAsync("ls", "/var/lib/mus")).Succeeded("ls").Output, StringComparison.Ordinal);
            output.WriteLine($"{image.Report}; from podman run to /health/ready on an empty volume with the demo: {ready.TotalSeconds:F1} s");
        }
        finally
        {
            await Podman.RunAsync(TimeSpan.FromMinutes(1), "volume", "rm", "-f", volume);
        }
    }

    [Fact]
    public async Task AgainstPostgreSql_ItMigratesStartsAndSignsIn()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await postgres.CreateDatabaseAsync("mus");
        var volume = "mus-test-" + Guid.NewGuid().ToString("N")[..12];
        var proxyPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["App__PublicUrl"] = $"https://localhost:{proxyPort}",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = postgres.ConnectionString("mus"),
        };
        try
        {
            var migrate = new List<string> { "run", "--rm", "--network", "host", "--read-only", "-v", volume + ":/var/lib/mus" };
            foreach (var (key, value) in environment)
            {
                migrate.AddRange(["-e", $"{key}={value}"]);
            }

            (await Podman.RunAsync(TimeSpan.FromMinutes(3), [.. migrate, ContainerImage.Tag, "migrate"])).Succeeded("migrate");
            await using var container = (await Container.StartAsync(volume, environment, "--demo")).Container;
            await using var proxy = await NginxProxy.StartAsync([container.Port], proxyPort);
            using var hr = proxy.CreateClient();
            Assert.Equal("/Start/Hr", await hr.SignInAsync(DemoOrganisation.HrEmail, DemoOrganisation.Password));
        }
        finally
        {
            await Podman.RunAsync(TimeSpan.FromMinutes(1), "volume", "rm", "-f", volume);
        }
    }
}
