namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>
/// The ledger in memory, for SQLite's one instance: the times of the requests each key let through in
/// the last window. No write to the database, so an API read is answered while another request holds
/// SQLite's write lock.
/// </summary>
public sealed class MemoryRequestLedger(TimeProvider time) : IRequestLedger
{
    private readonly Dictionary<string, Queue<long>> passed = new(StringComparer.Ordinal);
    private long nextSweep;

    public ValueTask<TimeSpan?> TryTakeAsync(string key, int permits, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = now - (long)window.TotalMilliseconds;
        lock (passed)
        {
            // Keys whose window has passed are forgotten once a window, so idle clients cost nothing.
            if (now >= nextSweep)
            {
                foreach (var idle in passed.Where(p => p.Value.Count == 0 || p.Value.Last() <= windowStart).Select(p => p.Key).ToList())
                {
                    passed.Remove(idle);
                }

                nextSweep = now + (long)window.TotalMilliseconds;
            }

            if (!passed.TryGetValue(key, out var times))
            {
                passed[key] = times = new Queue<long>();
            }

            while (times.TryPeek(out var oldest) && oldest <= windowStart)
            {
                times.Dequeue();
            }

            if (times.Count + permits > limit)
            {
                var oldest = times.Count > 0 ? times.Peek() : now;
                return ValueTask.FromResult<TimeSpan?>(TimeSpan.FromMilliseconds(Math.Max(oldest - windowStart, 1000)));
            }

            for (var i = 0; i < permits; i++)
            {
                times.Enqueue(now);
            }

            return ValueTask.FromResult<TimeSpan?>(null);
        }
    }
}
