using System.Text.Json;

namespace Mus.Tests.Infrastructure.Telemetry;

/// <summary>
/// An independent reading of a Prometheus scrape: npm's parse-prometheus-text-format under node
/// (tests/Mus.Tests/Infrastructure/Telemetry/prometheus, installed by the test script).
/// </summary>
public static class PrometheusText
{
    public sealed record Family(string Name, string Type, int Samples, double[] Values);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<Family>> ParseAsync(string scrape)
    {
        var folder = RepositoryFiles.PathOf("tests", "Mus.Tests", "Infrastructure", "Telemetry", "prometheus");
        Assert.True(File.Exists(Path.Combine(folder, "node_modules", "parse-prometheus-text-format", "package.json")), $"parse-prometheus-text-format is not installed in {folder}: scripts/test.sh runs npm ci there.");
        var read = await Processes.Tool.RunAsync("node", ["parse.mjs"], TimeSpan.FromMinutes(1), input: scrape, workingDirectory: folder);
        Assert.True(read.ExitCode == 0, $"parse-prometheus-text-format could not read the scrape: {read.Errors}");
        return JsonSerializer.Deserialize<List<Family>>(read.Output, Json)!;
    }
}
