using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mus.Tests.Infrastructure;
using Mus.Web.Api;
using Mus.Web.Api.Clients;

namespace Mus.Tests.Api;

/// <summary>What a SCIM or API client is told at an address MUS does not serve, or for bytes that are not UTF-8: JSON it can read, never a sign-in page or a 500.</summary>
public sealed class UnservedAddressTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    private static async Task<JsonObject> ErrorAsync(HttpResponseMessage response, string mediaType)
    {
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.False(string.IsNullOrEmpty((string?)error["detail"]));
        return error;
    }

    [Theory]
    [InlineData("GET", "/scim/v2/ResourceTypes/Group", HttpStatusCode.NotFound)]
    [InlineData("GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", HttpStatusCode.NotFound)]
    [InlineData("POST", "/scim/v2/Groups", HttpStatusCode.NotImplemented)]
    [InlineData("GET", "/scim/v2/Groups", HttpStatusCode.NotImplemented)]
    [InlineData("GET", "/scim/v2/Me", HttpStatusCode.NotImplemented)]
    [InlineData("POST", "/scim/v2/Bulk", HttpStatusCode.NotImplemented)]
    [InlineData("GET", "/scim/v2/Users/1/extra", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/scim/v2/nothing", HttpStatusCode.NotFound)]
    public async Task AScimClient_AtAnAddressMusDoesNotServe_GetsAScimError(string method, string path, HttpStatusCode status)
    {
        using var scim = await ApiClientTokens.ClientWithAsync(shared.App, ApiScopes.Scim);

        var response = await scim.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        var error = await ErrorAsync(response, ApiErrors.ScimContentType);
        Assert.Equal(ApiErrors.ScimErrorSchema, (string?)error["schemas"]![0]);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)error["status"]);
        // Without a token: told so in JSON, not sent to the sign-in page.
        var anonymous = await ApiClientTokens.Client(shared.App, null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/x")]
    [InlineData("/api/v1/rounds/1/nothing")]
    public async Task AnApiClient_AtAnAddressApiV1DoesNotServe_GetsAProblemDetail(string path)
    {
        foreach (var client in new[] { ApiClientTokens.Client(shared.App, null), await ApiClientTokens.ClientWithAsync(shared.App, ApiScopes.RoundsRead) })
        {
            var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await ErrorAsync(response, "application/problem+json");
        }
    }

    [Fact]
    public async Task BytesThatAreNotUtf8_AreA400_ForScimAndForTheApi_AndSaveNothing()
    {
        using var scim = await ApiClientTokens.ClientWithAsync(shared.App, ApiScopes.Scim, ApiScopes.OrgWrite);
        var people = await shared.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.People));
        // {"userName":"ø"} with ø as a lone Latin-1 byte.
        byte[] body = [.. "{\"userName\":\""u8, 0xF8, .. "\"}"u8];

        foreach (var (path, type, mediaType) in new[] { ("/scim/v2/Users", "application/scim+json", ApiErrors.ScimContentType), ("/api/v1/organisation/people", "application/json", "application/problem+json") })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            var response = await scim.PostAsync(path, content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("UTF-8", (string?)(await ErrorAsync(response, mediaType))["detail"], StringComparison.Ordinal);
        }

        Assert.Equal(people, await shared.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.People)));
    }
}
