using Microsoft.AspNetCore.Mvc.Filters;

namespace Mus.Web.Data;

/// <summary>
/// Opens the request's database connection once, before the page's handler, and keeps it until the
/// request ends. Without it EF takes a connection from the pool and gives it back around every query,
/// and a page asks several: each of those round trips takes the pool's lock, which 32 requests at once
/// queue for. The connection holds no transaction and no snapshot between queries.
/// </summary>
public sealed class OneConnectionPerPage(AppDbContext db) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Closed again when the request's context is disposed.
        await db.Database.OpenConnectionAsync(context.HttpContext.RequestAborted);
        await next();
    }
}
