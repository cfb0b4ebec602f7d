using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Infrastructure.Jobs;

namespace Mus.Tests.Data;

public sealed class JobTurnTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OfSeveralInstancesAskingAtOnce_OneRunsTheJob_AndNextOnlyWhenItIsDueAgain(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, demo: false);
        var now = TestClock.UtcNow;
        var interval = TimeSpan.FromHours(24);

        async Task<bool> AskAsync(DateTimeOffset at, string job = "retention")
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await JobTurn.TakeAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), job, at, interval, CancellationToken.None);
        }

        // The first time ever (the row is made by whoever wins), and again once it exists.
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => AskAsync(now))));
        Assert.Equal(1, first.Count(taken => taken));
        Assert.False(await AskAsync(now.AddHours(12)));
        var later = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => AskAsync(now + interval))));
        Assert.Equal(1, later.Count(taken => taken));

        // Another job has a turn of its own, though this one is not due.
        Assert.False(await AskAsync(now + interval + TimeSpan.FromHours(1)));
        Assert.True(await AskAsync(now + interval + TimeSpan.FromHours(1), "reminders"));
    }
}
