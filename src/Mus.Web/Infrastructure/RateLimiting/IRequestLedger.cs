using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.RateLimiting;

/// <summary>Where a sliding-minute limit keeps the requests it let through.</summary>
public interface IRequestLedger
{
    /// <summary>
    /// Records <paramref name="permits"/> requests of <paramref name="key"/> now if fewer than
    /// <paramref name="limit"/> (counting them) passed in the <paramref name="window"/> before; null when
    /// they pass, else how long until the oldest counted one leaves the window.
    /// </summary>
    ValueTask<TimeSpan?> TryTakeAsync(string key, int permits, int limit, TimeSpan window, CancellationToken cancellationToken);
}

public static class RequestLedgerRegistration
{
    /// <summary>The database's ledger where several instances may run (PostgreSQL); memory where one does (SQLite).</summary>
    public static void AddRequestLedger(this WebApplicationBuilder builder)
    {
        if (builder.Settings<Data.DatabaseOptions>().IsPostgres)
        {
            builder.Services.AddSingleton<IRequestLedger, DatabaseRequestLedger>();
        }
        else
        {
            builder.Services.AddSingleton<IRequestLedger, MemoryRequestLedger>();
        }
    }
}
