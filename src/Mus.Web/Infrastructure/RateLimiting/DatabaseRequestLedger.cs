namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>
/// The ledger in the database (<see cref="RateLimitHit"/>, one row per request let through), shared by
/// every instance. Each decision is one short transaction under an advisory lock of its key, so two
/// instances cannot both take the last place.
/// </summary>
public sealed class DatabaseRequestLedger(IServiceScopeFactory scopes, TimeProvider time) : IRequestLedger
{
    public async ValueTask<TimeSpan?> TryTakeAsync(string key, int permits, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = now - (long)window.TotalMilliseconds;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        await db.RateLimitHits.Where(h => h.Key == key && h.At <= windowStart).ExecuteDeleteAsync(cancellationToken);
        var passed = await db.RateLimitHits.CountAsync(h => h.Key == key, cancellationToken);
        if (passed + permits > limit)
        {
            var oldest = await db.RateLimitHits.Where(h => h.Key == key).MinAsync(h => (long?)h.At, cancellationToken) ?? now;
            await transaction.CommitAsync(cancellationToken);
            return TimeSpan.FromMilliseconds(Math.Max(oldest - windowStart, 1000));
        }

        for (var i = 0; i < permits; i++)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO \"RateLimitHits\" (\"Key\", \"At\") VALUES ({key}, {now})", cancellationToken);
        }

        // Now and then, the rows of keys nobody uses any more.
        if (Random.Shared.Next(100) == 0)
        {
            await db.RateLimitHits.Where(h => h.At <= windowStart).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
