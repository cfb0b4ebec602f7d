using Microsoft.AspNetCore.StaticAssets;

namespace Mus.Web.Infrastructure.Http;

public static class SecurityHeaders
{
    /// <summary>
    /// No inline script or style anywhere: everything the pages need is served from our own origin.
    /// Forms post to MUS only, but a form's redirect counts too: signing in and out through the
    /// organisation's provider redirects there from a form, so its origin is let in when it is set.
    /// </summary>
    public static string ContentSecurityPolicy(Auth.SingleSignOn.SingleSignOnOptions singleSignOn)
    {
        var formAction = singleSignOn.Enabled ? "'self' " + new Uri(singleSignOn.Authority!).GetLeftPart(UriPartial.Authority) : "'self'";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
    }

    /// <summary>
    /// Adds the security headers to every response. Every response but a static file (whose own
    /// caching rules stand) is marked as not to be cached, so that a shared computer's back button
    /// shows nothing.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var contentSecurityPolicy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<Auth.SingleSignOn.SingleSignOnOptions>());
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = contentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}
