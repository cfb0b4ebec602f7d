using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>
/// A sliding-minute limit: a request passes when fewer than <c>limit</c> requests of its key passed in
/// the minute before it, whenever that minute begins (a fixed window let twice the limit through around
/// its edge). What passed is kept in the <see cref="IRequestLedger"/>: the database on PostgreSQL, so
/// that every instance spends from one budget; memory on SQLite, which one instance serves.
/// </summary>
public sealed class SlidingMinuteLimiter(IRequestLedger ledger, string key, int limit) : RateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private long lastUsed = Environment.TickCount64;

    /// <summary>
    /// A partition for the rate limiting middleware: <paramref name="policy"/> and <paramref name="partition"/>
    /// (a client address, an API client's id) are hashed into the key, so no ledger holds either.
    /// </summary>
    public static RateLimitPartition<string> Partition(HttpContext context, string policy, string partition, int limit) =>
        RateLimitPartition.Get(KeyOf(policy, partition), key => new SlidingMinuteLimiter(context.RequestServices.GetRequiredService<IRequestLedger>(), key, limit));

    public static string KeyOf(string policy, string partition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policy + "\n" + partition)));

    // Nothing is held here between requests: an idle limiter may be dropped and made again.
    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// The ledger is asked asynchronously: "not yet", after which the middleware asks
    /// <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Environment.TickCount64);
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        var retryAfter = await ledger.TryTakeAsync(key, permitCount, limit, Window, cancellationToken);
        return retryAfter is { } wait ? Lease.Refused(wait) : Lease.Granted;
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
