using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>
/// A sliding-window limit kept in the database, so that every instance behind the proxy spends from one
/// budget: a request passes when fewer than <c>limit</c> requests of its key passed in the window before
/// it, whenever that window begins (a fixed window let twice the limit through around its edge). Each
/// decision is one short transaction, serialised per key (an advisory lock on PostgreSQL; SQLite has
/// one writer), so two instances cannot both take the last place.
/// </summary>
public sealed class SharedWindowLimiter(IServiceScopeFactory scopes, TimeProvider time, string key, int limit, TimeSpan window) : RateLimiter
{
    /// <summary>The window of every shared limit in MUS: their settings are "per minute".</summary>
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private long lastUsed = Environment.TickCount64;

    /// <summary>
    /// A partition for the rate limiting middleware: <paramref name="policy"/> and <paramref name="partition"/>
    /// (a client address, an API client's id) are hashed into the key.
    /// </summary>
    public static RateLimitPartition<string> Partition(HttpContext context, string policy, string partition, int limit) =>
        RateLimitPartition.Get(KeyOf(policy, partition), key => new SharedWindowLimiter(
            context.RequestServices.GetRequiredService<IServiceScopeFactory>(), context.RequestServices.GetRequiredService<TimeProvider>(), key, limit, Minute));

    public static string KeyOf(string policy, string partition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policy + "\n" + partition)));

    // Nothing is held here between requests: an idle limiter may be dropped and made again.
    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// The answer needs the database, which is not asked synchronously: "not yet", after which the
    /// middleware asks <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Environment.TickCount64);
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = now - (long)window.TotalMilliseconds;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }

        // A write first, so that on SQLite this transaction holds the writer's lock before it counts.
        await db.Set<RateLimitHit>().Where(h => h.Key == key && h.At <= windowStart).ExecuteDeleteAsync(cancellationToken);
        var passed = await db.Set<RateLimitHit>().Where(h => h.Key == key).CountAsync(cancellationToken);
        if (passed + permitCount > limit)
        {
            var oldest = await db.Set<RateLimitHit>().Where(h => h.Key == key).MinAsync(h => (long?)h.At, cancellationToken) ?? now;
            await transaction.CommitAsync(cancellationToken);
            return Lease.Refused(TimeSpan.FromMilliseconds(Math.Max(oldest - windowStart, 1000)));
        }

        for (var i = 0; i < permitCount; i++)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO \"RateLimitHits\" (\"Key\", \"At\") VALUES ({key}, {now})", cancellationToken);
        }

        // Now and then, the hits of keys nobody uses any more.
        if (Random.Shared.Next(100) == 0)
        {
            await db.Set<RateLimitHit>().Where(h => h.At <= windowStart).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Lease.Granted;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease NotYet = new(false, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
