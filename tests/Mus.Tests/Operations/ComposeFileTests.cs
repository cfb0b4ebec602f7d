using System.Text.Json;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Processes;

namespace Mus.Tests.Operations;

/// <summary>
/// compose.yaml, read by a YAML parser not ours (Python's), agrees with the Containerfile and the nginx
/// configuration beside it: the image the Containerfile's instructions tag, the port the image listens
/// at, one migration before two read-only instances on PostgreSQL, nginx the only proxy believed.
/// (No registry is reachable here for PostgreSQL's and nginx's images: the image itself runs against
/// PostgreSQL in ContainerImageTests.)
/// </summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task TheComposeFile_AgreesWithTheContainerfileAndNginx()
    {
        var read = (await Tool.RunAsync("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open('compose.yaml'))))"], TimeSpan.FromMinutes(1))).Succeeded("python3 yaml");
        var services = JsonDocument.Parse(read.Output).RootElement.GetProperty("services");
        var containerfile = await File.ReadAllTextAsync(RepositoryFiles.PathOf("Containerfile"));
        var nginx = await File.ReadAllTextAsync(RepositoryFiles.PathOf("deploy", "nginx.conf"));

        Assert.Equal(["migrate", "mus1", "mus2", "nginx", "postgres"], services.EnumerateObject().Select(s => s.Name).Order());
        foreach (var name in new[] { "migrate", "mus1", "mus2" })
        {
            var mus = services.GetProperty(name);
            var image = mus.GetProperty("image").GetString()!;
            Assert.Contains($"-t {image} .", containerfile, StringComparison.Ordinal);
            Assert.True(mus.GetProperty("read_only").GetBoolean(), $"{name} runs read-only");
            Assert.Equal("Postgres", mus.GetProperty("environment").GetProperty("Database__Provider").GetString());
            Assert.Equal("172.28.0.10", mus.GetProperty("environment").GetProperty("App__TrustedProxies").GetString());
        }

        Assert.Equal("migrate", services.GetProperty("migrate").GetProperty("command")[0].GetString());
        Assert.Equal("service_completed_successfully", services.GetProperty("mus1").GetProperty("depends_on").GetProperty("migrate").GetProperty("condition").GetString());
        Assert.Equal("172.28.0.10", services.GetProperty("nginx").GetProperty("networks").GetProperty("mus").GetProperty("ipv4_address").GetString());
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", containerfile, StringComparison.Ordinal);
        Assert.Contains("server mus1:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("server mus2:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", nginx, StringComparison.Ordinal);
    }
}
