using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mus.Web.Data.Saving;

/// <summary>An interceptor whose work is done before the save, the same for a synchronous and an asynchronous one.</summary>
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    protected abstract void BeforeSave(DbContext context);

    public sealed override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSave(eventData.Context!);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeSave(eventData.Context!);
        return ValueTask.FromResult(result);
    }
}
