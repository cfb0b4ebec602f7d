using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// One rule for every page about requests a browser would not send: a method the page does not
/// serve (TRACE, PUT, DELETE…) is 405 with an Allow header; a form post that names no handler, or a
/// request naming a handler the page does not have, is 400. Without it Razor Pages renders such a
/// page without running any handler (and the view fails on the model it never loaded), or quietly
/// runs the page's unnamed handler in place of the one asked for.
/// </summary>
public sealed class KnownHandlersOnly : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // The error page shown in place of a failed request answers whatever method that request had.
        var reExecuted = http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null;
        if (reExecuted)
        {
            await next();
            return;
        }

        var request = http.Request;
        var served = context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Concat(["GET", "HEAD"]).Distinct().ToList();
        var method = request.Method.ToUpperInvariant();
        if (!served.Contains(method))
        {
            http.Response.Headers.Allow = string.Join(", ", served);
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        var asked = context.RouteData.Values.TryGetValue("handler", out var routeHandler) ? routeHandler as string : request.Query["handler"].FirstOrDefault();
        var unknownHandler = !string.IsNullOrEmpty(asked) && !string.Equals(context.HandlerMethod?.Name, asked, StringComparison.OrdinalIgnoreCase);
        // A GET without a handler may show a page that has no OnGet; a post always needs its handler.
        var missingHandler = context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        if (unknownHandler || missingHandler)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }

        await next();
    }
}
