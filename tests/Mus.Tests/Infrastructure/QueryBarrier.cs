using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Mus.Web.Data.Postgres;
using Mus.Web.Data.Sqlite;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// Holds each of <c>parties</c> runs just after it read the query named by <c>marker</c> until all of
/// them have read it: two "at once" runs then really decide on the same stale view, whatever the
/// scheduler would have done. <see cref="Met"/> says the barrier was reached by all (the test asserts it,
/// so a run that no longer reads that way cannot pass unnoticed).
/// </summary>
public sealed class QueryBarrier(string marker, int parties) : DbCommandInterceptor
{
    private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;
    private volatile bool armed;

    public bool Met => all.Task.IsCompletedSuccessfully;

    /// <summary>From now on, the next <c>parties</c> reads of the query wait for each other (reads before pass freely).</summary>
    public void Arm() => armed = true;

    /// <summary>Adds the barrier to an application's database contexts (whichever provider it runs).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteAppDbContext>(options => options.AddInterceptors(this));
        services.ConfigureDbContext<PostgresAppDbContext>(options => options.AddInterceptors(this));
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (armed && command.CommandText.Contains(marker, StringComparison.Ordinal) && Interlocked.Increment(ref arrived) is var number && number <= parties)
        {
            if (number == parties)
            {
                all.TrySetResult();
            }

            // Not for ever: a run that never comes leaves Met false, and the test says so.
            await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
        }

        return result;
    }
}
