using System.Text.Json;
using System.Text.Json.Nodes;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Api.Scim;

/// <summary>
/// SCIM 2.0 provisioning of people (<c>/scim/v2/Users</c>, RFC 7643/7644) for the organisation's
/// directory: create, read, filter by userName or externalId, replace, patch, and delete; and the
/// documents that describe them (<c>/ServiceProviderConfig</c>, <c>/ResourceTypes</c>, <c>/Schemas</c>). Every
/// call needs an API client's token with the <c>scim</c> scope and counts against that client's rate.
/// </summary>
public static class ScimEndpoints
{
    public const int DefaultCount = 100;
    public const int MaxCount = 200;

    /// <summary>SCIM's own endpoints that MUS does not serve (RFC 7644 §3.2): answered 501.</summary>
    /// Groups among them: a directory's group provisioning is to be turned off (the deployment guide says how).
    private static readonly string[] Unsupported = ["Groups", "Me", "Bulk", ".search"];

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder endpoints)
    {
        var scim = endpoints.MapGroup("/scim/v2")
            .RequireAuthorization(ApiScopes.Policy(ApiScopes.Scim))
            .RequireRateLimiting(ApiClientRegistration.RateLimitPolicy)
            .AddEndpointFilter(ApiCalls.RefusalsAndAuditAsync);
        scim.MapGet("/ServiceProviderConfig", ServiceProviderConfig);
        scim.MapGet("/ResourceTypes", (PublicAddress address) => Scim(List([ScimSchemas.UserResourceType(address)])));
        scim.MapGet("/ResourceTypes/{id}", (string id, PublicAddress address) => id == "User"
            ? Scim(ScimSchemas.UserResourceType(address))
            : ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, $"There is no resource type {id}: MUS serves User only.")));
        scim.MapGet("/Schemas", (PublicAddress address) => Scim(List(ScimSchemas.All(address))));
        scim.MapGet("/Schemas/{id}", (string id, PublicAddress address) => ScimSchemas.All(address).SingleOrDefault(schema => (string)schema["id"]! == id) is { } found
            ? Scim(found)
            : ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, $"There is no schema {id} here.")));
        scim.MapGet("/Users", ListAsync);
        scim.MapPost("/Users", CreateAsync);
        scim.MapGet("/Users/{id}", GetAsync);
        scim.MapPut("/Users/{id}", ReplaceAsync);
        scim.MapPatch("/Users/{id}", PatchAsync);
        scim.MapDelete("/Users/{id}", DeleteAsync);
        // Any other method is told plainly which ones are served (a client's error, not a sign-in page).
        foreach (var document in new[] { "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/{id}", "/Schemas", "/Schemas/{id}" })
        {
            NotServed(scim, document, "GET");
        }

        NotServed(scim, "/Users", "GET", "POST");
        NotServed(scim, "/Users/{id}", "GET", "PUT", "PATCH", "DELETE");
        // Any other address under /scim/v2 is SCIM's to answer too: the parts of SCIM that MUS leaves out
        // (groups, bulk, the schema documents) are 501, anything else 404, never a sign-in page.
        scim.MapFallback("{**path}", (string? path) => (path ?? "").Split('/')[0] is var first && Unsupported.Contains(first, StringComparer.OrdinalIgnoreCase)
            ? ApiErrors.Result(new ApiRefusal(StatusCodes.Status501NotImplemented, $"MUS does not serve /{first}; it serves /Users, /ServiceProviderConfig, /ResourceTypes and /Schemas."))
            : ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, "There is nothing at this address; MUS serves /Users, /ServiceProviderConfig, /ResourceTypes and /Schemas.")));
        return endpoints;
    }

    /// <summary>Every method (a later order: the served ones come first), answered 405.</summary>
    private static void NotServed(RouteGroupBuilder scim, string pattern, params string[] served) =>
        scim.Map(pattern, (HttpContext context) =>
        {
            context.Response.Headers.Allow = string.Join(", ", served);
            return ApiErrors.Result(new ApiRefusal(StatusCodes.Status405MethodNotAllowed, $"This address serves {string.Join(", ", served)} only."));
        }).WithOrder(1);

    private static IResult ServiceProviderConfig(PublicAddress address) => Scim(new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
        ["documentationUri"] = address.Url("/api"),
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = MaxCount },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "Bearer token",
            ["description"] = "A token made by MUS's administrator for an API client with the scope 'scim'.",
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = address.Url("/scim/v2/ServiceProviderConfig") },
    });

    private static JsonObject List(IReadOnlyList<JsonObject> resources) => new()
    {
        ["schemas"] = new JsonArray(ScimJson.ListResponseSchema),
        ["totalResults"] = resources.Count,
        ["startIndex"] = 1,
        ["itemsPerPage"] = resources.Count,
        ["Resources"] = new JsonArray(resources.Select(resource => (JsonNode)resource).ToArray()),
    };

    private static async Task<IResult> ListAsync(HttpContext context, ScimProvisioning provisioning, PublicAddress address, string? filter, string? startIndex, string? count)
    {
        var projection = Projection(context);
        var (attribute, value) = filter is null ? ((ScimFilter.Attribute?)null, (string?)null) : ScimFilter.Parse(filter);
        // As RFC 7644 §3.4.2.4 says: a start below 1 is 1, a count above the maximum is the maximum.
        var start = Math.Max(ApiCalls.Number(startIndex, "startIndex") ?? 1, 1);
        var take = Math.Clamp(ApiCalls.Number(count, "count") ?? DefaultCount, 0, MaxCount);
        var matching = provisioning.Matching(attribute, value);
        var total = await matching.CountAsync(context.RequestAborted);
        var page = await provisioning.StoredAsync(matching.OrderBy(p => p.Id).Skip(start - 1).Take(take));
        return Scim(new JsonObject
        {
            ["schemas"] = new JsonArray(ScimJson.ListResponseSchema),
            ["totalResults"] = total,
            ["startIndex"] = start,
            ["itemsPerPage"] = page.Count,
            ["Resources"] = new JsonArray(page.Select(stored => (JsonNode)Projected(ScimUser.Write(stored, address), projection)).ToArray()),
        });
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, ScimProvisioning provisioning, PublicAddress address)
    {
        var projection = Projection(context);
        if (await provisioning.FindAsync(ParseId(id)) is not { } stored)
        {
            return NotFound(id);
        }

        // RFC 7644 §3.14: a client that holds this version is told so without the body.
        var etag = ScimUser.ETag(stored);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || Opaque(tag.Tag.Value) == Opaque(etag)))
        {
            context.Response.Headers.ETag = etag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return User(stored, address, projection);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var projection = Projection(context);
        var user = ScimUser.Read(await ReadBodyAsync(context, options));
        var id = await provisioning.CreateAsync(user);
        logger.LogInformation("SCIM: User {PersonId} created by API client {ClientId}", id, ClientOf(context));
        var stored = await provisioning.FindAsync(id);
        return User(stored!, address, projection, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReplaceAsync(string id, HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        var projection = Projection(context);
        var user = ScimUser.Read(await ReadBodyAsync(context, options));
        await provisioning.ReplaceAsync(personId, user, IfMatch(context, await provisioning.FindAsync(personId)));
        logger.LogInformation("SCIM: User {PersonId} replaced by API client {ClientId}", personId, ClientOf(context));
        return await provisioning.FindAsync(personId) is { } replaced ? User(replaced, address, projection) : NotFound(id);
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        var projection = Projection(context);
        var patch = await ReadBodyAsync(context, options);
        var stored = await provisioning.FindAsync(personId) ?? throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}.");
        var before = ScimUser.Write(stored, address);
        var resource = (JsonObject)before.DeepClone();
        ScimPatch.Apply(resource, patch);
        // The patched resource passes the same checks as a PUT; its version is the one the patch was applied to.
        var user = ScimPatch.Kept(before, resource, stored.Person);
        await provisioning.ReplaceAsync(personId, user, IfMatch(context, stored) ?? ScimUser.ETag(stored));
        logger.LogInformation("SCIM: User {PersonId} patched by API client {ClientId}", personId, ClientOf(context));
        // Deleted meanwhile (the change itself was refused or is saved): the User is gone for SCIM.
        return await provisioning.FindAsync(personId) is { } patched ? User(patched, address, projection) : NotFound(id);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, ScimProvisioning provisioning, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        if (!await provisioning.DeleteAsync(personId, IfMatch(context, await provisioning.FindAsync(personId))))
        {
            return NotFound(id);
        }

        logger.LogInformation("SCIM: User {PersonId} deleted (account closed) by API client {ClientId}", personId, ClientOf(context));
        return Results.NoContent();
    }

    /// <summary>The body as a JSON object: SCIM's or plain JSON content type, at most Api:MaxBodyBytes.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpContext context, ApiOptions options)
    {
        var body = await ApiCalls.ReadBodyAsync(context, options.MaxBodyBytes, ApiErrors.ScimContentType, "application/json");
        try
        {
            var json = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false }) as JsonObject
                ?? throw ScimRefusals.InvalidSyntax("The body must be a JSON object.");
            ScimJson.RefuseDuplicates(json);
            return json;
        }
        catch (JsonException malformed)
        {
            throw ScimRefusals.InvalidSyntax("The body is not well-formed JSON: " + malformed.Message.Split('.')[0] + ".");
        }
    }

    /// <summary>
    /// The version an If-Match header holds the client to: null without one (or with *); the current
    /// version when one of its tags names it; otherwise a version nothing has, so the change is refused (412).
    /// </summary>
    private static string? IfMatch(HttpContext context, ScimUser.Stored? current)
    {
        if (string.IsNullOrWhiteSpace(context.Request.Headers.IfMatch.ToString()))
        {
            return null;
        }

        var tags = context.Request.GetTypedHeaders().IfMatch;
        if (tags.Any(tag => tag.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any)))
        {
            return null;
        }

        var version = current is null ? null : ScimUser.ETag(current);
        return version is not null && tags.Any(tag => Opaque(tag.Tag.Value) == Opaque(version)) ? version : "W/\"none\"";
    }

    /// <summary>An entity tag without its weakness mark and quotes: SCIM's versions are compared weakly (RFC 7232 §2.3.2).</summary>
    private static string Opaque(string? tag) => (tag ?? "").Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');

    private static ScimAttributes? Projection(HttpContext context) =>
        ScimAttributes.Parse(NullIfBlank(context.Request.Query["attributes"].LastOrDefault()), NullIfBlank(context.Request.Query["excludedAttributes"].LastOrDefault()));

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) || text.All(c => c == ',' || char.IsWhiteSpace(c)) ? null : text;

    private static JsonObject Projected(JsonObject user, ScimAttributes? projection) => projection?.Apply(user) ?? user;

    /// <summary>A SCIM id is opaque to the client: one that is not ours names no User (404), whatever it looks like.</summary>
    private static int ParseId(string id) =>
        int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}.");

    private static string? ClientOf(HttpContext context) => context.User.FindFirst(ApiScopes.ClientClaim)?.Value;

    private static IResult NotFound(string id) => ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}."));

    private static IResult User(ScimUser.Stored stored, PublicAddress address, ScimAttributes? projection, int status = StatusCodes.Status200OK)
    {
        var json = Projected(ScimUser.Write(stored, address), projection);
        return new ScimJsonResult(json, status, stored.Person.Id, ScimUser.ETag(stored), address);
    }

    private static IResult Scim(JsonObject json) => new ScimJsonResult(json, StatusCodes.Status200OK, null, null, null);

    private sealed class ScimJsonResult(JsonObject json, int status, int? id, string? etag, PublicAddress? address) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ApiErrors.ScimContentType;
            if (etag is not null)
            {
                response.Headers.ETag = etag;
            }

            if (status == StatusCodes.Status201Created && id is not null && address is not null)
            {
                // From the public address, never from the request's Host header.
                response.Headers.Location = address.Url("/scim/v2/Users/" + id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return response.WriteAsync(json.ToJsonString(), httpContext.RequestAborted);
        }
    }
}
