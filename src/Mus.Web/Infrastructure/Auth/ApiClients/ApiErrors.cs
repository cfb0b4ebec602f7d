using System.Text.Json;

namespace Mus.Web.Infrastructure.Auth.ApiClients;

/// <summary>
/// Errors as API clients expect them: a SCIM error (RFC 7644 §3.12) under <c>/scim</c>, a problem
/// details document (RFC 9457) elsewhere. The detail says what to fix and never echoes stored data.
/// </summary>
public static class ApiErrors
{
    public const string ScimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ScimContentType = "application/scim+json";

    public static bool IsScim(HttpContext context) => context.Request.Path.StartsWithSegments("/scim", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext context, int status, string detail, string? scimType = null)
    {
        context.Response.StatusCode = status;
        if (IsScim(context))
        {
            context.Response.ContentType = ScimContentType;
            var error = new Dictionary<string, object?>
            {
                ["schemas"] = new[] { ScimErrorSchema },
                ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["detail"] = detail,
            };
            if (scimType is not null)
            {
                error["scimType"] = scimType;
            }

            return context.Response.WriteAsync(JsonSerializer.Serialize(error), context.RequestAborted);
        }

        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = detail,
        }), context.RequestAborted);
    }
}
