namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// Outside Development every cookie is Secure, so a page served over plain HTTP could not sign anyone
/// in (and its forms would fail). A request that came over HTTP – and that no trusted proxy marked as
/// HTTPS with X-Forwarded-Proto – is sent to the same path at the public address, or, if it is not
/// a GET, told plainly to use HTTPS. Health checks stay reachable over HTTP for load balancers.
/// </summary>
public static class HttpsOnly
{
    public static IApplicationBuilder UseHttpsOnly(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        var publicAddress = app.Services.GetRequiredService<PublicAddress>().BaseAddress;
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.IsHttps || request.Path.StartsWithSegments("/health"))
            {
                await next();
                return;
            }

            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                // The public address, never the request's Host: the redirect cannot be pointed elsewhere.
                var target = new UriBuilder(publicAddress) { Path = publicAddress.AbsolutePath.TrimEnd('/') + request.Path.Value, Query = request.QueryString.Value ?? "" };
                context.Response.Redirect(target.Uri.AbsoluteUri, permanent: true, preserveMethod: true);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page(publicAddress));
        });
    }

    // A page of its own: the normal layout carries forms whose antiforgery cookie needs HTTPS.
    private static string Page(Uri publicAddress)
    {
        var link = System.Net.WebUtility.HtmlEncode(publicAddress.AbsoluteUri);
        return $"""
            <!DOCTYPE html>
            <html lang="da">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>MUS kræver en sikker forbindelse</title></head>
            <body>
            <main>
            <h1>MUS kræver en sikker forbindelse</h1>
            <p>Siden blev hentet uden kryptering (http). Åbn MUS på <a href="{link}">{link}</a> og prøv igen.</p>
            <p lang="en">MUS needs a secure connection. Open it at <a href="{link}">{link}</a> and try again.</p>
            </main>
            </body>
            </html>
            """;
    }
}
