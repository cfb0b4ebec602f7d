using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mus.Web.Data.Derived;

/// <summary>
/// Keeps the countable answers in step with every compartment saved (<see cref="FiguresWriter"/>):
/// they are taken out and sealed before the save (queries that should not lengthen the time the database
/// is held for writing) and stored after it, in the same transaction, so no page can forget them.
/// </summary>
public sealed class FiguresInterceptor : SaveChangesInterceptor
{
    private sealed record Pending(IReadOnlyList<FiguresWriter.Sealed> Figures, IDbContextTransaction? Own);

    private readonly ConditionalWeakTable<DbContext, Pending> pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        FiguresWriter.Pending(eventData.Context!.ChangeTracker).Count > 0
            // Every save of content in the application is asynchronous; this keeps a synchronous one from skipping the figures.
            ? throw new InvalidOperationException("Compartments are saved with SaveChangesAsync, which keeps their figures in step.")
            : result;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = (AppDbContext)eventData.Context!;
        var figures = await FiguresWriter.SealAsync(context, FiguresWriter.Pending(context.ChangeTracker), cancellationToken);
        if (figures.Count > 0)
        {
            var own = context.Database.CurrentTransaction is null ? await context.Database.BeginTransactionAsync(cancellationToken) : null;
            if (own is not null)
            {
                // The whole transaction is ours and is undone whole: a savepoint inside it would only add two statements.
                context.Database.AutoSavepointsEnabled = false;
            }

            pending.AddOrUpdate(context, new Pending(figures, own));
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var context = (AppDbContext)eventData.Context!;
        if (pending.TryGetValue(context, out var save))
        {
            await FiguresWriter.StoreAsync(context, save.Figures, cancellationToken);
            if (save.Own is not null)
            {
                await save.Own.CommitAsync(cancellationToken);
            }

            await EndAsync(context, save);
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (pending.TryGetValue(eventData.Context!, out var save))
        {
            await EndAsync(eventData.Context!, save);
        }
    }

    // A conflict is reported here, not to SaveChangesFailed: the save is over, and so is our transaction.
    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (pending.TryGetValue(eventData.Context!, out var save))
        {
            await EndAsync(eventData.Context!, save);
        }

        return result;
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (pending.TryGetValue(eventData.Context!, out var save))
        {
            await EndAsync(eventData.Context!, save);
        }
    }

    // Disposing a transaction that was not committed rolls it back.
    private async Task EndAsync(DbContext context, Pending save)
    {
        pending.Remove(context);
        if (save.Own is not null)
        {
            await save.Own.DisposeAsync();
            context.Database.AutoSavepointsEnabled = true;
        }
    }
}
