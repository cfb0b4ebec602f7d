namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// Lets a request in only at the public address. Outside Development: a request for another host
/// (a forged Host header) is refused with 400, and one that came over plain HTTP – with no trusted
/// proxy saying X-Forwarded-Proto: https – is sent to the same path at the public address, or, if it
/// is not a GET, told plainly to use HTTPS (every cookie is Secure there, so such a page could not
/// sign anyone in). Health checks answer at any host and over HTTP, as load balancers ask for them.
/// This takes the place of ASP.NET Core's host filtering, which cannot make that exception.
/// </summary>
public static class PublicAddressGuard
{
    public static IApplicationBuilder UsePublicAddressGuard(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        var publicAddress = app.Services.GetRequiredService<PublicAddress>();
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/health"))
            {
                await next();
                return;
            }

            if (!publicAddress.Serves(request.Host.Host))
            {
                await RefuseAsync(context, publicAddress.BaseAddress, "MUS kender ikke den adresse", "MUS does not answer at this address");
                return;
            }

            if (request.IsHttps)
            {
                await next();
                return;
            }

            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                // The public address, never the request's Host: the redirect cannot be pointed elsewhere.
                var baseAddress = publicAddress.BaseAddress;
                var target = new UriBuilder(baseAddress) { Path = baseAddress.AbsolutePath.TrimEnd('/') + request.Path.Value, Query = request.QueryString.Value ?? "" };
                context.Response.Redirect(target.Uri.AbsoluteUri, permanent: true, preserveMethod: true);
                return;
            }

            await RefuseAsync(context, publicAddress.BaseAddress, "MUS kræver en sikker forbindelse", "MUS needs a secure connection");
        });
    }

    // A page of its own: the normal layout carries forms whose antiforgery cookie needs HTTPS.
    private static Task RefuseAsync(HttpContext context, Uri publicAddress, string danish, string english)
    {
        var link = System.Net.WebUtility.HtmlEncode(publicAddress.AbsoluteUri);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="da">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{danish}</title></head>
            <body>
            <main>
            <h1>{danish}</h1>
            <p>Åbn MUS på <a href="{link}">{link}</a> og prøv igen.</p>
            <p lang="en">{english}. Open it at <a href="{link}">{link}</a> and try again.</p>
            </main>
            </body>
            </html>
            """);
    }
}
