using System.Net;
using System.Text.Json.Nodes;
using Mus.Tests.Infrastructure;
using Mus.Web.Api.Clients;

namespace Mus.Tests.Api;

/// <summary>
/// The API's OpenAPI document as the app serves it is the one in this folder (openapi.json), from
/// which the test build generates its client (NSwag, see Mus.Tests.csproj): an endpoint changed
/// without the document makes this fail. To take the served one:
/// MUS_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests
/// </summary>
public sealed class OpenApiDocumentTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    public static string CommittedPath => Path.Combine(RepositoryFiles.Root, "tests", "Mus.Tests", "Api", "openapi.json");

    [Fact]
    public async Task TheServedDocument_IsTheCommittedOne_AndDescribesEveryEndpointWithItsBearerScheme()
    {
        var response = await shared.App.CreateClient().GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("MUS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, text);
        }

        Assert.Equal(await File.ReadAllTextAsync(CommittedPath), text);
        var paths = served["paths"]!.AsObject().Select(p => p.Key).Order().ToList();
        Assert.Equal(
            ["/api/v1/forwarded", "/api/v1/organisation/people", "/api/v1/plans", "/api/v1/plans/{conversationId}", "/api/v1/plans/{conversationId}/pdf", "/api/v1/rounds", "/api/v1/rounds/{id}", "/api/v1/rounds/{id}/conversations"],
            paths);
        Assert.Equal("bearer", (string?)served["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
    }

    [Fact]
    public async Task TheDocument_PassesRedoclysRecommendedRules_WithoutAWarning()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "tests", "Mus.Tests", "Api", "lint");
        var redocly = Path.Combine(folder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"@redocly/cli is not installed in {folder}: scripts/test.sh runs npm ci there.");
        // Every recommended rule but one: the committed document's server is the tests' https://localhost
        // (a deployment's is its own address), which no-server-example.com rightly flags. Offline and
        // quiet: no usage reports, no look for a newer version.
        var lint = await Infrastructure.Processes.Tool.RunAsync(redocly, ["lint", CommittedPath, "--extends=recommended", "--skip-rule=no-server-example.com", "--format=stylish"],
            TimeSpan.FromMinutes(2), workingDirectory: folder, environment: new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
        var said = lint.Output + lint.Errors;

        Assert.True(lint.ExitCode == 0, said);
        Assert.Contains("Woohoo! Your API description is valid.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", said.Replace("Deprecation warning", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ParametersAreTyped_TheServerIsTheConfiguredOne_AndHeadIsServed()
    {
        // The document's server is the configured address; a forged Host header gets no document at all.
        var served = JsonNode.Parse(await shared.App.CreateClient().GetStringAsync("/api/v1/openapi.json"))!;
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/openapi.json") { Headers = { Host = "evil.example" } };
        using var refused = await shared.App.CreateClient().SendAsync(forged);

        Assert.Equal(MusApp.PublicUrl, (string?)served["servers"]![0]!["url"]);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("evil.example", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(served["info"]!["license"]!["name"]);
        var round = served["paths"]!["/api/v1/rounds/{id}"]!["get"]!["parameters"]![0]!;
        Assert.Equal(("id", "integer", 1), ((string?)round["name"], (string?)round["schema"]!["type"], (int?)round["schema"]!["minimum"]));
        var status = served["paths"]!["/api/v1/forwarded"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "status")!;
        Assert.Equal(Enum.GetNames<Mus.Web.Domain.Plans.ForwardedStatus>(), status["schema"]!["enum"]!.AsArray().Select(v => (string?)v));
        // No "integer or string" anywhere: a generated client sees numbers as numbers.
        Assert.DoesNotContain("\"string\"", served["components"]!["schemas"]!["RoundStatus"]!["properties"]!["id"]!.ToJsonString(), StringComparison.Ordinal);

        using var head = new HttpRequestMessage(HttpMethod.Head, "/api/v1/openapi.json");
        using var headed = await shared.App.CreateClient().SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headed.StatusCode);
        Assert.Equal("application/json", headed.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await headed.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("99999999999")]
    public async Task AnIdThatIsNoNumber_IsA400_WithTheReason(string id)
    {
        using var api = await ApiClientTokens.ClientWithAsync(shared.App, ApiScopes.RoundsRead);

        using var response = await api.GetAsync($"/api/v1/rounds/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("whole number from 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/rounds/999999")).StatusCode);
    }
}
