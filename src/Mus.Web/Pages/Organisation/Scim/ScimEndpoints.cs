using System.Text.Json;
using System.Text.Json.Nodes;
using Mus.Web.Infrastructure.Api;
using Mus.Web.Infrastructure.Auth.ApiClients;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Pages.Organisation.Scim;

/// <summary>
/// SCIM 2.0 provisioning of people (<c>/scim/v2/Users</c>, RFC 7643/7644) for the organisation's
/// directory: create, read, filter by userName or externalId, replace, patch, and deactivate. Every
/// call needs an API client's token with the <c>scim</c> scope and counts against that client's rate.
/// </summary>
public static class ScimEndpoints
{
    public const int DefaultCount = 100;
    public const int MaxCount = 200;

    /// <summary>SCIM's own endpoints that MUS does not serve (RFC 7644 §3.2): answered 501.</summary>
    private static readonly string[] Unsupported = ["ResourceTypes", "Schemas", "Groups", "Me", "Bulk", ".search"];

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder endpoints)
    {
        var scim = endpoints.MapGroup("/scim/v2")
            .RequireAuthorization(ApiScopes.Policy(ApiScopes.Scim))
            .RequireRateLimiting(ApiClientRegistration.RateLimitPolicy)
            .AddEndpointFilter(ApiCalls.RefusalsAndAuditAsync);
        scim.MapGet("/ServiceProviderConfig", ServiceProviderConfig);
        scim.MapGet("/Users", ListAsync);
        scim.MapPost("/Users", CreateAsync);
        scim.MapGet("/Users/{id}", GetAsync);
        scim.MapPut("/Users/{id}", ReplaceAsync);
        scim.MapPatch("/Users/{id}", PatchAsync);
        scim.MapDelete("/Users/{id}", DeleteAsync);
        // Any other method is told plainly which ones are served (a client's error, not a sign-in page).
        NotServed(scim, "/ServiceProviderConfig", "GET");
        NotServed(scim, "/Users", "GET", "POST");
        NotServed(scim, "/Users/{id}", "GET", "PUT", "PATCH", "DELETE");
        // Any other address under /scim/v2 is SCIM's to answer too: the parts of SCIM that MUS leaves out
        // (groups, bulk, the schema documents) are 501, anything else 404, never a sign-in page.
        scim.MapFallback("{**path}", (string? path) => (path ?? "").Split('/')[0] is var first && Unsupported.Contains(first, StringComparer.OrdinalIgnoreCase)
            ? ApiErrors.Result(new ApiRefusal(StatusCodes.Status501NotImplemented, $"MUS does not serve /{first}; it serves /Users and /ServiceProviderConfig."))
            : ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, "There is nothing at this address; MUS serves /Users and /ServiceProviderConfig.")));
        return endpoints;
    }

    /// <summary>Every method (a later order: the served ones come first), answered 405.</summary>
    private static void NotServed(RouteGroupBuilder scim, string pattern, params string[] served) =>
        scim.Map(pattern, (HttpContext context) =>
        {
            context.Response.Headers.Allow = string.Join(", ", served);
            return ApiErrors.Result(new ApiRefusal(StatusCodes.Status405MethodNotAllowed, $"This address serves {string.Join(", ", served)} only."));
        }).WithOrder(1);

    private static IResult ServiceProviderConfig() => Scim(new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
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
    });

    private static async Task<IResult> ListAsync(HttpContext context, ScimProvisioning provisioning, PublicAddress address, string? filter, string? startIndex, string? count)
    {
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
            ["Resources"] = new JsonArray(page.Select(stored => (JsonNode)ScimUser.Write(stored, address)).ToArray()),
        });
    }

    private static async Task<IResult> GetAsync(string id, ScimProvisioning provisioning, PublicAddress address) =>
        await provisioning.FindAsync(ParseId(id)) is { } stored ? User(stored, address) : NotFound(id);

    private static async Task<IResult> CreateAsync(HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var user = ScimUser.Read(await ReadBodyAsync(context, options));
        var id = await provisioning.CreateAsync(user);
        logger.LogInformation("SCIM: User {PersonId} created by API client {ClientId}", id, ClientOf(context));
        var stored = await provisioning.FindAsync(id);
        return User(stored!, address, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReplaceAsync(string id, HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        var user = ScimUser.Read(await ReadBodyAsync(context, options));
        await provisioning.ReplaceAsync(personId, user, IfMatch(context));
        logger.LogInformation("SCIM: User {PersonId} replaced by API client {ClientId}", personId, ClientOf(context));
        return User((await provisioning.FindAsync(personId))!, address);
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext context, ScimProvisioning provisioning, PublicAddress address, ApiOptions options, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        var patch = await ReadBodyAsync(context, options);
        var stored = await provisioning.FindAsync(personId) ?? throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}.");
        var resource = ScimUser.Write(stored, address);
        ScimPatch.Apply(resource, patch);
        // The patched resource passes the same checks as a PUT; its version is the one the patch was applied to.
        await provisioning.ReplaceAsync(personId, ScimUser.Read(resource), IfMatch(context) ?? stored.Person.Version);
        logger.LogInformation("SCIM: User {PersonId} patched by API client {ClientId}", personId, ClientOf(context));
        return User((await provisioning.FindAsync(personId))!, address);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, ScimProvisioning provisioning, ILogger<ScimProvisioning> logger)
    {
        var personId = ParseId(id);
        if (!await provisioning.DeactivateAsync(personId))
        {
            return NotFound(id);
        }

        logger.LogInformation("SCIM: User {PersonId} deactivated by API client {ClientId}", personId, ClientOf(context));
        return Results.NoContent();
    }

    /// <summary>The body as a JSON object: SCIM's or plain JSON content type, at most Api:MaxBodyBytes.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpContext context, ApiOptions options)
    {
        var body = await ApiCalls.ReadBodyAsync(context, options.MaxBodyBytes, ApiErrors.ScimContentType, "application/json");
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw ScimRefusals.InvalidSyntax("The body must be a JSON object.");
        }
        catch (JsonException malformed)
        {
            throw ScimRefusals.InvalidSyntax("The body is not well-formed JSON: " + malformed.Message.Split('.')[0] + ".");
        }
    }

    /// <summary>The version an If-Match header asks for (W/"7"); null without one.</summary>
    private static long? IfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header) || header == "*")
        {
            return null;
        }

        var digits = header.Replace("W/", "", StringComparison.Ordinal).Trim().Trim('"');
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ApiRefusal(StatusCodes.Status412PreconditionFailed, "If-Match names no version of this User.");
    }

    /// <summary>A SCIM id is opaque to the client: one that is not ours names no User (404), whatever it looks like.</summary>
    private static int ParseId(string id) =>
        int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}.");

    private static string? ClientOf(HttpContext context) => context.User.FindFirst(ApiScopes.ClientClaim)?.Value;

    private static IResult NotFound(string id) => ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}."));

    private static IResult User(ScimUser.Stored stored, PublicAddress address, int status = StatusCodes.Status200OK)
    {
        var json = ScimUser.Write(stored, address);
        return new ScimJsonResult(json, status, stored.Person.Id, ScimUser.ETag(stored.Person), address);
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
