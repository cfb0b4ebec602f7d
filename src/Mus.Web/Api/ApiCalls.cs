using Microsoft.Net.Http.Headers;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Api;

/// <summary>What every API and SCIM call shares: reading its body and query, refusals as answers, and its reads on record.</summary>
public static class ApiCalls
{
    /// <summary>
    /// An endpoint filter: a refusal thrown anywhere in the call becomes its error; what the call read
    /// is written to the audit log before the answer goes (no record, no answer: 503).
    /// </summary>
    public static async ValueTask<object?> RefusalsAndAuditAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
            return ApiErrors.Result(refused);
        }
        catch (DomainException broken)
        {
            // A rule of the domain the checks before it did not foresee: still the request at fault.
            trail.DiscardPending();
            return ApiErrors.Result(new ApiRefusal(StatusCodes.Status400BadRequest, "The change breaks a rule of MUS: " + broken.Message + ".", "invalidValue"));
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
                return ApiErrors.Result(new ApiRefusal(StatusCodes.Status503ServiceUnavailable, "What was read could not be recorded, so it is not sent. Try again shortly."));
            }
        }

        return result;
    }

    /// <summary>The body, if its content type is one of <paramref name="mediaTypes"/> and it has at most <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context, long maxBytes, params string[] mediaTypes)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !mediaTypes.Any(m => type.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiRefusal(StatusCodes.Status415UnsupportedMediaType, $"Send {string.Join(" or ", mediaTypes)}.");
        }

        var tooLarge = new ApiRefusal(StatusCodes.Status413PayloadTooLarge, $"The body may be at most {maxBytes} bytes.");
        if (request.ContentLength > maxBytes)
        {
            throw tooLarge;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw tooLarge;
            }
        }

        // Every body read here is JSON, which is UTF-8 (RFC 8259): other bytes are the client's error, said
        // plainly, not a parser's exception later on.
        var body = buffer.ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new ApiRefusal(StatusCodes.Status400BadRequest, "The body is not valid UTF-8.", ApiErrors.IsScim(context) ? "invalidSyntax" : null);
        }

        return body;
    }

    /// <summary>A whole number from the query, or the refusal naming it.</summary>
    public static int? Number(string? text, string name) =>
        text is null ? null
        : int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : throw new ApiRefusal(StatusCodes.Status400BadRequest, $"'{name}' must be a whole number.", "invalidValue");

    /// <summary>An id in the path: a positive number, or 400 (a number that names nothing is the caller's 404).</summary>
    public static int Id(string id, string what) =>
        int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ApiRefusal(StatusCodes.Status400BadRequest, $"A {what}'s id is a whole number from 1; '{id}' is not one.");
}
