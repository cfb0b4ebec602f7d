using System.Threading.Channels;

namespace Mus.Web.Infrastructure.Audit;

/// <summary>
/// Writes the reads of many requests in one transaction ("group commit"). A request hands over its rows
/// and waits; the writer takes everything handed over meanwhile, saves it in one commit, and releases
/// each request only when its rows are durable – so content is still never sent before its read is on
/// record, but a hundred readers no longer queue for a hundred commits behind one SQLite write lock.
/// If a batch cannot be saved, each request's rows are tried on their own, so one bad batch fails only
/// the requests whose rows cannot be written.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, Telemetry.MusMetrics metrics, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>Rows taken into one commit at most; more wait for the next.</summary>
    public const int MaxRowsPerCommit = 2_000;

    private sealed record Handed(IReadOnlyList<AuditEntry> Rows, TaskCompletionSource Saved, long HandedAt);

    private readonly Channel<Handed> queue = Channel.CreateUnbounded<Handed>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Returns when <paramref name="rows"/> are committed; throws <see cref="StorageFailedException"/> when they cannot be.</summary>
    public Task WriteAsync(IReadOnlyList<AuditEntry> rows)
    {
        var handed = new Handed(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), System.Diagnostics.Stopwatch.GetTimestamp());
        if (!queue.Writer.TryWrite(handed))
        {
            handed.Saved.SetException(new InvalidOperationException("The audit writer has stopped."));
        }

        return handed.Saved.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Handed>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Everything handed over while the last commit ran goes into this one.
                var rows = 0;
                while (rows < MaxRowsPerCommit && queue.Reader.TryRead(out var handed))
                {
                    batch.Add(handed);
                    rows += handed.Rows.Count;
                }

                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: whoever is still waiting is told their rows were not written.
        }

        queue.Writer.TryComplete();
        foreach (var left in batch.Concat(queue.Reader.ReadAllAsync().ToBlockingEnumerable()))
        {
            left.Saved.TrySetException(new InvalidOperationException("The audit writer has stopped."));
        }
    }

    private async Task CommitAsync(IReadOnlyList<Handed> batch)
    {
        if (await SaveAsync(batch.SelectMany(h => h.Rows)) is null)
        {
            // The batch's size, and how long its first request waited for it.
            metrics.AuditCommitted(batch.Sum(h => h.Rows.Count), System.Diagnostics.Stopwatch.GetElapsedTime(batch.Min(h => h.HandedAt)));
            foreach (var handed in batch)
            {
                handed.Saved.TrySetResult();
            }

            return;
        }

        // The batch as a whole could not be saved: each request's rows on their own.
        foreach (var handed in batch)
        {
            if (await SaveAsync(handed.Rows) is { } failure)
            {
                handed.Saved.TrySetException(failure);
            }
            else
            {
                handed.Saved.TrySetResult();
            }
        }
    }

    /// <summary>Saves the rows in a fresh context (nothing else is saved with them); returns the failure, or null.</summary>
    private async Task<Exception?> SaveAsync(IEnumerable<AuditEntry> rows)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Copies: a failed attempt must not leave the entities tracked (or keyed) for the next.
            db.AuditEntries.AddRange(rows.Select(r => r.Copy()));
            await db.SaveChangesAsync(CancellationToken.None);
            return null;
        }
        catch (Exception failure) when (failure is StorageFailedException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Audit rows could not be written: {Error}", failure.GetType().Name);
            return failure;
        }
    }
}
