using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Pages.Conversations.Plans.Journal;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Web.Api.V1;

/// <summary>
/// API v1 for HR systems (<c>/api/v1</c>, described at <c>/api/v1/openapi.json</c>): round status,
/// approved plans (JSON and PDF), goes-further items, and the organisation's people as JSON. Each
/// endpoint needs an API client's token with its scope; every call counts against the client's rate,
/// and every compartment it reads is on record in the audit log (as a page read is) before the answer
/// is sent. Refusals are problem details (RFC 9457).
/// </summary>
public static class ApiEndpoints
{
    public const int DefaultPageSize = 500;
    public const int MaxPageSize = 1000;

    private static readonly JsonSerializerOptions ImportJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
    };

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        // HEAD too, as tools that check a document is there before fetching it ask (the server sends no body).
        endpoints.MapOpenApi("/api/{documentName}/openapi.json").WithMetadata(new HttpMethodMetadata(["GET", "HEAD"])).AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                // Kestrel drops a HEAD answer's body itself; this does it for any server.
                if (HttpMethods.IsHead(context.HttpContext.Request.Method))
                {
                    context.HttpContext.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
                }

                return await next(context);
            });
        endpoints.Map("/api/{documentName}/openapi.json", (HttpContext context) =>
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return ApiErrors.Result(new ApiRefusal(StatusCodes.Status405MethodNotAllowed, "This address serves GET and HEAD only."));
        }).WithOrder(1).AllowAnonymous().ExcludeFromDescription();
        var api = endpoints.MapGroup("/api/v1")
            .RequireRateLimiting(ApiClientRegistration.RateLimitPolicy)
            .AddEndpointFilter(ApiCalls.RefusalsAndAuditAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // An address under /api/v1 that is none of these: a problem detail, for a client, not a sign-in page.
        api.MapFallback("{**path}", () => ApiErrors.Result(new ApiRefusal(StatusCodes.Status404NotFound, "There is nothing at this address; /api lists what API v1 serves.")))
            .AllowAnonymous().ExcludeFromDescription();

        api.MapGet("/rounds", ApiRounds.ListAsync).WithTags("Rounds").WithName("ListRounds").WithSummary("Every round with its status.")
            .Needs(ApiScopes.RoundsRead);
        api.MapGet("/rounds/{id}", ApiRounds.GetAsync).WithTags("Rounds").WithName("GetRound").WithSummary("One round's status.")
            .Needs(ApiScopes.RoundsRead).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/rounds/{id}/conversations", ApiRounds.ConversationsAsync).WithTags("Rounds").WithName("ListRoundConversations")
            .WithSummary("The round's conversations, page by page (at most 1000 a page), each with its status and dates.")
            .Needs(ApiScopes.RoundsRead).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/plans", ApiPlans.ListAsync).WithTags("Plans").WithName("ListApprovedPlans")
            .WithSummary("Conversations whose plan both have approved as it stands, page by page; optionally of one round.")
            .Needs(ApiScopes.PlansRead).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/plans/{conversationId}", ApiPlans.GetAsync).WithTags("Plans").WithName("GetApprovedPlan")
            .WithSummary("The latest plan version both approved, as worded.")
            .Needs(ApiScopes.PlansRead).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{conversationId}/pdf", ApiPlans.PdfAsync).WithTags("Plans").WithName("GetApprovedPlanPdf")
            .WithSummary("The latest plan version both approved, as the PDF/A filed in the personnel file.")
            .Needs(ApiScopes.PlansRead).Produces<Stream>(StatusCodes.Status200OK, "application/pdf").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/forwarded", ApiForwarded.ListAsync).WithTags("Goes further").WithName("ListForwardedItems")
            .WithSummary("What pairs agreed to pass on, with HR's status, page by page of conversations (at most 1000 a page); optionally only one status.")
            .Needs(ApiScopes.ForwardedRead).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/organisation/people", ImportPeopleAsync).WithTags("Organisation").WithName("ImportPeople")
            .WithSummary("Imports the organisation's people with the CSV import's checks: all or nothing.")
            // The body is read by the endpoint itself (its own 413, 415 and 400 answers); the document is told its shape.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var person = await context.GetOrCreateSchemaAsync(typeof(PersonImport), null, cancellationToken);
                context.Document!.AddComponent(nameof(PersonImport), person);
                var schema = await context.GetOrCreateSchemaAsync(typeof(PeopleImportRequest), null, cancellationToken);
                if (schema.Properties?.TryGetValue("people", out var people) == true && people is Microsoft.OpenApi.OpenApiSchema list)
                {
                    list.Items = new Microsoft.OpenApi.OpenApiSchemaReference(nameof(PersonImport), context.Document);
                }

                context.Document.AddComponent(nameof(PeopleImportRequest), schema);
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchemaReference(nameof(PeopleImportRequest), context.Document) },
                    },
                };
            })
            .Needs(ApiScopes.OrgWrite)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        // Any other method: a client is told which are served; anyone else is asked for a token first.
        foreach (var (pattern, served) in new[]
        {
            ("/rounds", "GET"), ("/rounds/{id}", "GET"), ("/rounds/{id}/conversations", "GET"), ("/plans", "GET"),
            ("/plans/{conversationId}", "GET"), ("/plans/{conversationId}/pdf", "GET"), ("/forwarded", "GET"), ("/organisation/people", "POST"),
        })
        {
            api.Map(pattern, (HttpContext context) =>
            {
                context.Response.Headers.Allow = served;
                return ApiErrors.Result(new ApiRefusal(StatusCodes.Status405MethodNotAllowed, $"This address serves {served} only."));
            }).WithOrder(1).RequireAuthorization(ApiScopes.AnyClientPolicy).ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>The scope an endpoint needs: its authorization, and a line in its description.</summary>
    private static RouteHandlerBuilder Needs(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.RequireAuthorization(ApiScopes.Policy(scope)).WithDescription($"Needs the scope {scope}.");

    private static async Task<Ok<PeopleImportResult>> ImportPeopleAsync(HttpContext context, PeopleImport import, ApiOptions options, IStringLocalizer<Text> text, ILogger<PeopleImport> logger)
    {
        var request = await ReadJsonAsync<PeopleImportRequest>(context, options.MaxImportBytes);
        if (request.People is null || request.People.Any(p => p is null))
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "'people' must be a list of people.");
        }

        // Positions stand where the CSV import has line numbers.
        var rows = request.People.Select((p, index) => new PersonRow(index + 1, (p.EmployeeNumber ?? "").Trim(), (p.Name ?? "").Trim(), (p.Email ?? "").Trim(),
            Blank(p.JobTitle), Blank(p.JobGroup), (p.Unit ?? "").Trim(), Blank(p.Leader), Blank(p.EmploymentStart))).ToList();
        var report = await import.ImportAsync(rows, context.RequestAborted);
        if (report.Partial)
        {
            throw new ApiRefusal(StatusCodes.Status409Conflict, "Someone changed the same people meanwhile; part of the import was saved. Send it again to finish it.");
        }

        if (!report.Succeeded)
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "Nothing was imported: the people have problems.",
                problems: report.Errors.Select(e => new ImportProblem(e.Line, text[e.Key, e.Arguments].Value)).ToList());
        }

        logger.LogInformation("API import by client {ClientId}: {Added} added, {Updated} updated", context.User.FindFirst(ApiScopes.ClientClaim)?.Value, report.Added.Count, report.Updated.Count);
        return TypedResults.Ok(new PeopleImportResult(report.Added.Count, report.Updated.Count, report.LeaderChanges.Count, report.Unchanged, report.NewJobGroups));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A JSON body: its content type, at most <paramref name="maxBytes"/>, no field the contract does not have.</summary>
    private static async Task<T> ReadJsonAsync<T>(HttpContext context, long maxBytes)
    {
        var body = await ApiCalls.ReadBodyAsync(context, maxBytes, "application/json");
        try
        {
            return JsonSerializer.Deserialize<T>(body, ImportJson) ?? throw new ApiRefusal(StatusCodes.Status400BadRequest, "The body is empty.");
        }
        catch (JsonException malformed)
        {
            // The serializer's message names the field or position (never anything stored).
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "The body is not what the API takes: " + malformed.Message);
        }
    }

    /// <summary>The page asked for, its size, and how many rows come before it (a page so far on that they do not fit a number is refused).</summary>
    internal static (int Page, int PageSize, int Skip) Paging(string? page, string? pageSize)
    {
        var number = ApiCalls.Number(page, "page") ?? 1;
        var size = ApiCalls.Number(pageSize, "pageSize") ?? DefaultPageSize;
        var skip = ((long)number - 1) * size;
        if (number < 1 || size is < 1 or > MaxPageSize || skip > int.MaxValue)
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, $"'page' starts at 1 (and is not absurdly large), and 'pageSize' is 1 to {MaxPageSize}.");
        }

        return (number, size, (int)skip);
    }
}
