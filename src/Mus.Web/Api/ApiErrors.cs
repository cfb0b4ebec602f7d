using System.Text.Json;

namespace Mus.Web.Api;

/// <summary>
/// Errors as API clients expect them: a SCIM error (RFC 7644 §3.12) under <c>/scim</c>, a problem
/// details document (RFC 9457) elsewhere. The detail says what to fix and never echoes stored data.
/// </summary>
public static class ApiErrors
{
    public const string ScimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ScimContentType = "application/scim+json";

    public static bool IsScim(HttpContext context) => context.Request.Path.StartsWithSegments("/scim", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, int status, string detail, string? scimType = null, object? problems = null)
    {
        context.Response.StatusCode = status;
        Dictionary<string, object?> error;
        if (IsScim(context))
        {
            context.Response.ContentType = ScimContentType;
            error = new()
            {
                ["schemas"] = new[] { ScimErrorSchema },
                ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["detail"] = detail,
            };
            if (scimType is not null)
            {
                error["scimType"] = scimType;
            }
        }
        else
        {
            context.Response.ContentType = "application/problem+json";
            error = new()
            {
                ["type"] = "about:blank",
                ["title"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
                ["status"] = status,
                ["detail"] = detail,
            };
            if (problems is not null)
            {
                error["problems"] = problems;
            }
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(error, JsonSerializerOptions.Web), context.RequestAborted);
    }

    /// <summary>A refusal as the result of an endpoint.</summary>
    public static IResult Result(ApiRefusal refusal) => new Refused(refusal);

    private sealed class Refused(ApiRefusal refusal) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            WriteAsync(httpContext, refusal.Status, refusal.Message, refusal.ScimType, refusal.Problems);
    }
}
