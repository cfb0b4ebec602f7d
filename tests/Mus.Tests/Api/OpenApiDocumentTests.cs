using System.Net;
using System.Text.Json.Nodes;
using Mus.Tests.Infrastructure;

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
}
