using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Mus.Web.Infrastructure.Telemetry;

namespace Mus.Web.Infrastructure.Http;

public static class Pipeline
{
    /// <summary>The request pipeline, in the order that matters: headers first, static files before sign-in.</summary>
    public static WebApplication UseMusPipeline(this WebApplication app)
    {
        // Behind a TLS-terminating proxy, the original scheme and client come in X-Forwarded-Proto and
        // X-Forwarded-For: believed from this host, and from the addresses in App:TrustedProxies only.
        app.UseForwardedHeaders(app.Services.GetRequiredService<TrustedProxies>().Forwarded);
        app.UseSecurityHeaders();
        app.UseRequestLog();
        app.UsePublicAddressGuard();
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRouteNoted();
        app.UseAuthentication();
        app.ThrowSessionCheckFailures();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapEndpoints(this WebApplication app)
    {
        // Files under wwwroot, as the build laid them out: precompressed (brotli, gzip), with ETags, and
        // under their fingerprinted names (which the pages' tag helpers write) cached as immutable.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
        app.MapOldAddresses();
        app.MapMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
