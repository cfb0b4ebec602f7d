using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Slows password guessing without handing anyone a way to lock a person out: wrong passwords are
/// counted per e-mail address and client, and after <see cref="SignInOptions.MaxFailedAttempts"/>
/// that client waits longer and longer (up to <see cref="SignInOptions.LockoutMinutes"/>) before its
/// next try for that address, while the person signs in as usual from anywhere else. Unknown
/// addresses are counted and answered exactly like known ones.
/// </summary>
public sealed class SignInGuard(AppDbContext db, SignInOptions options, Telemetry.MusMetrics metrics, TimeProvider time)
{
    /// <summary>After a day without a wrong password, the count starts again.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);

    /// <summary>How long this client must wait before its next try for this address; null if it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string email, IPAddress? client)
    {
        var key = Key(email, client);
        var now = time.GetUtcNow().UtcDateTime;
        var blockedUntil = await db.SignInThrottles.AsNoTracking().Where(t => t.Key == key).Select(t => (DateTime?)t.BlockedUntil).SingleOrDefaultAsync();
        if (blockedUntil > now)
        {
            metrics.SignInThrottled();
            return blockedUntil.Value - now;
        }

        return null;
    }

    public async Task FailedAsync(string email, IPAddress? client)
    {
        var key = Key(email, client);
        var now = time.GetUtcNow().UtcDateTime;
        var forgetBefore = now - ForgetAfter;
        // One statement, so two wrong passwords at the same moment both count.
        var updated = await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Failures, t => t.LastFailureAt < forgetBefore ? 1 : t.Failures + 1)
            .SetProperty(t => t.LastFailureAt, now));
        if (updated == 0)
        {
            db.SignInThrottles.Add(new SignInThrottle { Key = key, Failures = 1, LastFailureAt = now, BlockedUntil = now });
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateException)
            {
                // Another request for the same address and client inserted it first: count on theirs.
                db.ChangeTracker.Clear();
                await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(set => set.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastFailureAt, now));
            }
        }

        var failures = await db.SignInThrottles.AsNoTracking().Where(t => t.Key == key).Select(t => t.Failures).SingleAsync();
        if (failures >= options.MaxFailedAttempts)
        {
            var blockedUntil = now + Wait(failures - options.MaxFailedAttempts);
            await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(set => set.SetProperty(t => t.BlockedUntil, blockedUntil));
        }
    }

    /// <summary>The right password: this client starts with a clean count for this address.</summary>
    public Task SucceededAsync(string email, IPAddress? client)
    {
        var key = Key(email, client);
        return db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync();
    }

    /// <summary>30 seconds, then doubling with each further wrong password, up to the longest wait.</summary>
    private TimeSpan Wait(int beyondFree)
    {
        var longest = TimeSpan.FromMinutes(options.LockoutMinutes);
        var wait = FirstWait * Math.Pow(2, Math.Min(beyondFree, 20));
        return wait < longest ? wait : longest;
    }

    private static string Key(string email, IPAddress? client) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant() + "\n" + (client?.ToString() ?? "unknown"))));
}
