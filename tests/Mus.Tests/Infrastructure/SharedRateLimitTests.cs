using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Web.Api.Clients;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// The sign-in pages' and the API's limits are sliding minutes: on PostgreSQL kept in the database, so
/// several instances spend from one budget; on SQLite (one instance) in memory, so no limited request
/// writes. No minute, wherever it begins, lets more than the limit through.
/// </summary>
public sealed class SharedRateLimitTests
{
    [Fact]
    public async Task TwoInstancesOnOnePostgreSql_SpendOneBudget_EvenWhenTheirRequestsOverlap()
    {
        var settings = new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "12" };
        await using var first = await MusApp.StartAsync(TestDatabase.Postgres, settings: settings);
        await using var second = new MusApp(first.Database, settings, ownsDatabase: false);
        var token = await ApiClientTokens.CreateAsync(first, ApiScopes.RoundsRead);
        var clients = new[] { ApiClientTokens.Client(first, token), ApiClientTokens.Client(second, token) };

        // Twenty requests at once, ten at each instance: one budget of twelve between them.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => clients[i % 2].GetAsync("/api/v1/rounds")));

        Assert.Equal(12, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(8, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(12, await first.WithDbAsync(db => db.RateLimitHits.CountAsync()));
    }

    [Fact]
    public async Task TheSignInPagesLimit_IsSharedByTwoInstancesOnPostgreSql()
    {
        var settings = new Dictionary<string, string?> { ["SignIn:AttemptsPerClientPerMinute"] = "4" };
        await using var first = await MusApp.StartAsync(TestDatabase.Postgres, settings: settings);
        await using var second = new MusApp(first.Database, settings, ownsDatabase: false);
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var client = (attempt % 2 == 0 ? first : second).CreateBrowserlikeClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.77");
            statuses.Add((await client.PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = $"nobody{attempt}@fjordby.example.dk", ["Input.Password"] = "wrong password" })).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], statuses);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ABurstAcrossAMinutesEdge_PassesNoMoreThanTheLimitInAnyMinute(string provider)
    {
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "10" }, services: s => s.AddSingleton<TimeProvider>(clock));
        using var client = await ApiClientTokens.ClientWithAsync(app, ApiScopes.RoundsRead);
        var passed = new List<DateTimeOffset>();
        HttpResponseMessage? lastRefusal = null;

        // Ten at 50 s into a minute, ten more 11 s later (a fixed window would have begun again), then
        // one a second until the first ten are a minute old.
        async Task AskAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                var answer = await client.GetAsync("/api/v1/rounds");
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    passed.Add(clock.GetUtcNow());
                }
                else
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
                    lastRefusal = answer;
                }
            }
        }

        var start = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(50));
        await AskAsync(10);
        clock.Advance(TimeSpan.FromSeconds(11));
        await AskAsync(10);
        Assert.Equal(10, passed.Count);
        Assert.InRange(lastRefusal!.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 48, 50);
        for (var second = 0; second < 60; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await AskAsync(1);
        }

        // Checked with the test's own arithmetic: no 60 s span holds more than ten.
        Assert.All(passed, from => Assert.InRange(passed.Count(t => t >= from && t < from + TimeSpan.FromMinutes(1)), 1, 10));
        // And the budget came back as the first ten aged: once a minute had passed since them, requests passed again.
        Assert.Contains(passed, t => t >= start + TimeSpan.FromSeconds(110));
        // Only PostgreSQL's ledger is in the database; SQLite's one instance writes nothing for a limit.
        var rows = await app.WithDbAsync(db => db.RateLimitHits.CountAsync());
        Assert.Equal(provider == TestDatabase.Postgres ? 10 : 0, rows);
    }
}
