using Microsoft.AspNetCore.Mvc.Filters;
using Mus.Web.Data;

namespace Mus.Web.Infrastructure.Audit;

/// <summary>
/// Saves the reads a page made before its result runs. A fresh data context is used, so nothing
/// else the page may have touched is saved with them; if the rows cannot be written the request
/// fails and the content is not sent.
/// </summary>
public sealed class AuditFlushFilter(AuditTrail trail, IServiceScopeFactory scopes) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (trail.HasPending)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // If this fails the request fails: the content read is not sent.
            trail.AddTo(db);
            try
            {
                await db.SaveChangesAsync(context.HttpContext.RequestAborted);
            }
            catch (StorageFailedException exception)
            {
                throw new AuditUnavailableException(exception);
            }
        }

        await next();
    }
}
