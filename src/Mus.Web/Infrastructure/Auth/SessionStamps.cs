using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// What the per-request session check asks the database (the account's security stamp, and whether the
/// person leads anyone), kept in memory for up to <see cref="MaxAge"/> so that a signed-in request
/// does not pay a query for it. What changes them is announced: a changed account (sign-out, password,
/// disabling) forgets that account, a change of who leads whom forgets everyone; on PostgreSQL the
/// announcement also goes to every other instance (NOTIFY, see <see cref="SessionStampListener"/>),
/// and an instance that is not listening does not use what it knows. Anything missed (an account
/// changed by the command line while MUS runs on SQLite) is corrected within <see cref="MaxAge"/>.
/// </summary>
public sealed class SessionStamps(TimeProvider time, ILogger<SessionStamps> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The PostgreSQL channel; the payload is an account id, or <see cref="Everyone"/>.</summary>
    public const string Channel = "mus_sessions";

    public const string Everyone = "*";

    private const int MaxAccounts = 100_000;

    public sealed record Known(string? SecurityStamp, bool Leads, DateTimeOffset At);

    private readonly ConcurrentDictionary<string, Known> known = new();
    private long generation;
    private volatile bool trusted;

    /// <summary>
    /// Whether what is known may be used: always on SQLite (one instance), on PostgreSQL only while
    /// this instance listens for the others' announcements.
    /// </summary>
    public bool Trusted
    {
        get => trusted;
        set
        {
            ForgetAll();
            trusted = value;
        }
    }

    /// <summary>Changes with every announcement: an answer read before one is not kept.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string userId, [NotNullWhen(true)] out Known? entry)
    {
        if (trusted && known.TryGetValue(userId, out entry) && time.GetUtcNow() - entry.At < MaxAge)
        {
            return true;
        }

        entry = null;
        return false;
    }

    /// <param name="generationAtRead">The <see cref="Generation"/> before the database was asked.</param>
    public void Remember(string userId, Known entry, long generationAtRead)
    {
        if (!trusted || Generation != generationAtRead)
        {
            return;
        }

        if (known.Count >= MaxAccounts)
        {
            known.Clear();
        }

        known[userId] = entry;
        // Announced meanwhile: what was just kept may be older than the announcement.
        if (Generation != generationAtRead)
        {
            known.TryRemove(KeyValuePair.Create(userId, entry));
        }
    }

    public void Forget(string userId)
    {
        Interlocked.Increment(ref generation);
        known.TryRemove(userId, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref generation);
        known.Clear();
    }

    /// <summary>
    /// Forgets an account (or, with <see cref="Everyone"/>, all) here and tells the other instances.
    /// On PostgreSQL the notice is sent when <paramref name="db"/>'s transaction commits. A notice that
    /// cannot be sent is logged, not thrown: the change it tells of is saved already, and must not be
    /// reported as failed; the other instances see it within <see cref="MaxAge"/>.
    /// </summary>
    public async Task AnnounceAsync(AppDbContext db, string userIdOrEveryone)
    {
        if (userIdOrEveryone == Everyone)
        {
            ForgetAll();
        }
        else
        {
            Forget(userIdOrEveryone);
        }

        if (!db.Database.IsNpgsql())
        {
            return;
        }

        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {userIdOrEveryone})");
        }
        catch (Exception failure) when (failure is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(failure, "Other instances were not told of a changed session; they see it within {Seconds} s", MaxAge.TotalSeconds);
        }
    }
}
