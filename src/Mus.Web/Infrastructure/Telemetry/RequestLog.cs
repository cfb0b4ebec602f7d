using System.Diagnostics;

namespace Mus.Web.Infrastructure.Telemetry;

/// <summary>
/// One line per request: method, the route's template (never the path or the query: the calendar feed's
/// path is its key, a reset link's query opens an account), status and duration. The framework's own
/// request lines, which carry the full address, stay off.
/// </summary>
public static partial class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mus.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            finally
            {
                var route = RouteOf(context) ?? "(no route)";
                Served(logger, context.Request.Method.Length <= 10 ? context.Request.Method : "(other)", route,
                    context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    private const string RouteKey = "mus:route";

    /// <summary>The template the request matched (with a leading slash), or null when it matched none.</summary>
    public static string? RouteOf(HttpContext context) => context.Items[RouteKey] as string;

    /// <summary>
    /// Placed after routing: notes the template the request matched first. An error page shown in its
    /// place (re-executed through the pipeline) is matched again, and the line names what was asked for.
    /// </summary>
    public static IApplicationBuilder UseRouteNoted(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.Items.ContainsKey(RouteKey) && context.GetEndpoint() is RouteEndpoint endpoint)
        {
            context.Items[RouteKey] = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        }

        return next(context);
    });

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Method} {Route} {Status} in {Milliseconds:0.0} ms")]
    private static partial void Served(ILogger logger, string method, string route, int status, double milliseconds);
}
