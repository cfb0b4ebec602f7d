using Microsoft.AspNetCore.Mvc.Filters;

namespace Mus.Web.Infrastructure.Audit;

/// <summary>
/// Saves the reads a page made before its result runs, through the <see cref="AuditWriter"/>'s
/// group commit (with other requests' reads, never with anything else this page touched); if the rows
/// cannot be written the request fails and the content is not sent.
/// </summary>
public sealed class AuditFlushFilter(AuditTrail trail, AuditWriter writer) : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (trail.HasPending)
        {
            var rows = trail.TakePending();
            try
            {
                await writer.WriteAsync(rows);
            }
            catch (Exception exception)
            {
                // If this fails the request fails: the content read is not sent.
                throw new AuditUnavailableException(exception);
            }
        }

        await next();
    }
}
