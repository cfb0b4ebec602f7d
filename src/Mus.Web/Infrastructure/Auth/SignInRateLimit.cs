using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Mus.Web.Infrastructure.RateLimiting;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// A per-client ceiling on the posts that guess something (a password, a code, an address): each
/// client address gets <see cref="SignInOptions.AttemptsPerClientPerMinute"/> per page and minute,
/// then 429 with Retry-After and the error page. Pages opt in with
/// <c>[EnableRateLimiting(SignInRateLimit.Policy)]</c>; their GETs are never limited. The count is a
/// sliding minute (<see cref="RateLimiting.SlidingMinuteLimiter"/>) shared by every instance on
/// PostgreSQL, as is the per-address throttle (<see cref="SignInGuard"/>).
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static WebApplicationBuilder AddSignInRateLimit(this WebApplicationBuilder builder, SignInOptions options)
    {
        builder.AddRequestLedger();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var endpoint = context.HttpContext.GetEndpoint();
                var policy = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName ?? "(none)";
                context.HttpContext.RequestServices.GetRequiredService<Telemetry.MusMetrics>().Rejected(policy);
                // The route's template, not the path: a path can be a key.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimit))
                    .LogWarning("Too many requests to {Route} from one client", (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)");
                // A browser gets the error page; the API adds its JSON answer after this (ApiClientRegistration).
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimiting.SlidingMinuteLimiter.Partition(context, Policy, $"{context.GetEndpoint()?.DisplayName}\n{context.Connection.RemoteIpAddress}", options.AttemptsPerClientPerMinute)
                : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }
}
