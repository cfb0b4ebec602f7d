using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Auth.ApiClients;
using Mus.Web.Pages.Organisation.Import;
using Mus.Web.Pages.Plans.Journal;

namespace Mus.Web.Api;

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
        endpoints.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous();
        endpoints.Map("/api/{documentName}/openapi.json", (HttpContext context) =>
        {
            context.Response.Headers.Allow = "GET";
            return Problem(StatusCodes.Status405MethodNotAllowed, "This address serves GET only.", null);
        }).WithOrder(1).AllowAnonymous().ExcludeFromDescription();
        var api = endpoints.MapGroup("/api/v1")
            .RequireRateLimiting(ApiClientRegistration.RateLimitPolicy)
            .AddEndpointFilter(AuditedWithProblemsAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

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
            .WithSummary("What pairs agreed to pass on, with HR's status; optionally only one status.")
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
                return Problem(StatusCodes.Status405MethodNotAllowed, $"This address serves {served} only.", null);
            }).WithOrder(1).RequireAuthorization(ApiScopes.AnyClientPolicy).ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>The scope an endpoint needs: its authorization, and a line in its description.</summary>
    private static RouteHandlerBuilder Needs(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.RequireAuthorization(ApiScopes.Policy(scope)).WithDescription($"Needs the scope {scope}.");

    /// <summary>
    /// Records what the call read before its answer goes (no record, no answer), and turns refusals
    /// into problem details.
    /// </summary>
    private static async ValueTask<object?> AuditedWithProblemsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var trail = services.GetRequiredService<AuditTrail>();
        object? result;
        try
        {
            result = await next(context);
        }
        catch (ApiRefusal refused)
        {
            trail.DiscardPending();
            return Problem(refused.Status, refused.Message, refused.Extensions);
        }

        if (trail.HasPending)
        {
            try
            {
                await services.GetRequiredService<AuditWriter>().WriteAsync(trail.TakePending());
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                services.GetRequiredService<ILogger<ApiRefusal>>().LogError(failure, "An API call's reads could not be recorded; nothing was sent");
                context.HttpContext.Response.Headers.RetryAfter = "30";
                return Problem(StatusCodes.Status503ServiceUnavailable, "What was read could not be recorded, so it is not sent. Try again shortly.", null);
            }
        }

        return result;
    }

    private static ProblemHttpResult Problem(int status, string detail, object? extensions) =>
        TypedResults.Problem(detail, statusCode: status, extensions: extensions is null ? null : new Dictionary<string, object?> { ["problems"] = extensions });

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
                report.Errors.Select(e => new ImportProblem(e.Line, text[e.Key, e.Arguments].Value)).ToList());
        }

        logger.LogInformation("API import by client {ClientId}: {Added} added, {Updated} updated", context.User.FindFirst(ApiScopes.ClientClaim)?.Value, report.Added.Count, report.Updated.Count);
        return TypedResults.Ok(new PeopleImportResult(report.Added.Count, report.Updated.Count, report.LeaderChanges.Count, report.Unchanged, report.NewJobGroups));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A JSON body: its content type, at most <paramref name="maxBytes"/>, no field the contract does not have.</summary>
    internal static async Task<T> ReadJsonAsync<T>(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiRefusal(StatusCodes.Status415UnsupportedMediaType, "Send application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            throw new ApiRefusal(StatusCodes.Status413PayloadTooLarge, $"The body may be at most {maxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw new ApiRefusal(StatusCodes.Status413PayloadTooLarge, $"The body may be at most {maxBytes} bytes.");
            }
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), ImportJson) ?? throw new ApiRefusal(StatusCodes.Status400BadRequest, "The body is empty.");
        }
        catch (JsonException malformed)
        {
            // The serializer's message names the field or position (never anything stored).
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "The body is not what the API takes: " + malformed.Message);
        }
    }

    /// <summary>A whole number from the query, or the API's refusal naming it.</summary>
    internal static int? Number(string? text, string name) =>
        text is null ? null
        : int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : throw new ApiRefusal(StatusCodes.Status400BadRequest, $"'{name}' must be a whole number.");

    /// <summary>An id in the path: a positive number, or 404.</summary>
    internal static int Id(string id, string what) =>
        int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no such {what}.");

    internal static (int Page, int PageSize) Paging(string? page, string? pageSize)
    {
        var number = Number(page, "page") ?? 1;
        var size = Number(pageSize, "pageSize") ?? DefaultPageSize;
        if (number < 1 || size is < 1 or > MaxPageSize)
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, $"'page' starts at 1, and 'pageSize' is 1 to {MaxPageSize}.");
        }

        return (number, size);
    }
}
