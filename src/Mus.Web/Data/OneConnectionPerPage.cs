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
        try
        {
            // Closed again when the request's context is disposed.
            await db.Database.OpenConnectionAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception unreachable) when (unreachable is System.Data.Common.DbException || StorageFailedException.IsBusy(unreachable))
        {
            // Only a saving: without it EF opens around each query, and a page that asks the database
            // meets the failure there, as it would have. A page that does not (the error page that says
            // the database is unreachable) is still shown.
        }

        await next();
    }
}
