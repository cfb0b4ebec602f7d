using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Data;

/// <summary>When SQLite's write lock is held longer than the busy timeout, a request that must write says "try again in a moment" (503), never a fault.</summary>
public sealed class BusyDatabaseTests
{
    [Fact]
    public async Task AWriteThatCannotGetTheLock_Answers503WithRetryAfter_AndAFriendlyPage()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = "1" });
        var client = app.CreateBrowserlikeClient();
        var (target, fields) = await client.ReadFormAsync("/sign-in");
        fields["Input.Email"] = DemoPeople.Employee;
        fields["Input.Password"] = "not the password at all";
        // Control: with the lock free, a wrong password is a page that says so (and its count is written).
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(target, new FormUrlEncodedContent(fields))).StatusCode);

        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(app.Database.Directory, "mus.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();

            var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter!.Delta);
            Assert.Contains("Prøv igen om et øjeblik", (await response.ParseAsync()).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(app.Logs.Lines, line => line.Contains("SQLite Error 5", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(target, new FormUrlEncodedContent(fields))).StatusCode);
    }

    /// <summary>Reading through the API needs no write: noting when the client was last used waits for a free moment, not the call.</summary>
    [Fact]
    public async Task AnApiRead_WhileTheWriteLockIsHeld_IsAnswered_AndOnlyTheLastUsedTimeWaits()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = "1" });
        using var api = await ApiClientTokens.ClientWithAsync(app, Mus.Web.Api.Clients.ApiScopes.RoundsRead);

        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(app.Database.Directory, "mus.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();

            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/rounds")).StatusCode);
            Assert.Contains(app.Logs.Lines, line => line.Contains("last used could not be written", StringComparison.Ordinal));
        }

        Assert.Null(await app.WithDbAsync(db => db.ApiClients.Select(c => c.LastUsedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/rounds")).StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.ApiClients.Select(c => c.LastUsedAt).SingleAsync()));
    }
}
