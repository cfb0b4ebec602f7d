using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Api.Clients;

/// <summary>The <c>Api:</c> settings.</summary>
public sealed class ApiOptions : Infrastructure.Settings.ISettings
{
    public const string Section = "Api";

    /// <summary>Calls per client and minute before 429 with Retry-After (counted per instance).</summary>
    public int RequestsPerMinute { get; set; } = 3000;

    /// <summary>The largest request body an API or SCIM call may send.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest organisation import (JSON) the API takes: about 40,000 people at 8 MB.</summary>
    public long MaxImportBytes { get; set; } = 8 * 1024 * 1024;

    public IEnumerable<string> Problems()
    {
        if (RequestsPerMinute < 1)
        {
            yield return $"{Section}:RequestsPerMinute must be positive.";
        }

        if (MaxBodyBytes < 1024 || MaxImportBytes < 1024)
        {
            yield return $"{Section}:MaxBodyBytes and {Section}:MaxImportBytes must be at least 1024.";
        }
    }
}

public static class ApiClientRegistration
{
    /// <summary>The rate limiter policy of every API and SCIM endpoint: one budget per client.</summary>
    public const string RateLimitPolicy = "api-client";

    public static WebApplicationBuilder AddApiClients(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<ApiOptions>(ApiOptions.Section);
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiClientAuthentication>(ApiClientAuthentication.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.AnyClientPolicy, policy => policy.AddAuthenticationSchemes(ApiClientAuthentication.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy(ApiScopes.Policy(scope), policy => policy
                .AddAuthenticationSchemes(ApiClientAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiScopes.ScopeClaim, scope));
        }

        // After authorization, so the partition is the client the token proved, never a client id
        // someone merely wrote into a header (which would let anyone spend another client's budget).
        // A sliding minute kept in the database, so that every instance spends from the client's one budget.
        builder.Services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
            Infrastructure.RateLimiting.SlidingMinuteLimiter.Partition(context, RateLimitPolicy, context.User.FindFirst(ApiScopes.ClientClaim)?.Value ?? "", options.RequestsPerMinute)));

        // A refused API client is answered in JSON, after the handling every refusal gets (Retry-After, the metric, the log line).
        builder.Services.PostConfigure<RateLimiterOptions>(limiter =>
        {
            var common = limiter.OnRejected;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (common is not null)
                {
                    await common(context, cancellationToken);
                }

                if (context.HttpContext.User.FindFirst(ApiScopes.ClientClaim) is not null)
                {
                    await ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests from this client: wait as Retry-After says.");
                }
            };
        });
        return builder;
    }
}
