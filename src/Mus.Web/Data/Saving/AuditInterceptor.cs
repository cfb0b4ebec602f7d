using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Data.Saving;

/// <summary>
/// The request's audit rows go in with the change they describe, in one transaction; when the save
/// fails, the reads go back to wait for the next save (they happened) and the changes are forgotten (they did not).
/// </summary>
public sealed class AuditInterceptor : BeforeSaveInterceptor
{
    private readonly ConditionalWeakTable<DbContext, IReadOnlyList<AuditEntry>> batches = [];

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        batches.Remove(eventData.Context!);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        batches.Remove(eventData.Context!);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context!);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context!);
        return Task.CompletedTask;
    }

    // A conflict is reported here, not to SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Failed(eventData.Context!);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context!);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData.Context!);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context!);
        return Task.CompletedTask;
    }

    protected override void BeforeSave(DbContext context)
    {
        var batch = context.GetService<AuditTrail>().AddTo((AppDbContext)context);
        batches.AddOrUpdate(context, batch);
    }

    private void Failed(DbContext context)
    {
        if (batches.TryGetValue(context, out var batch))
        {
            batches.Remove(context);
            context.GetService<AuditTrail>().SaveFailed(batch);
        }
    }
}
