using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Auth;
using Npgsql;

namespace Mus.Tests.Pages.SignIn;

/// <summary>
/// The session check keeps what the database said about an account for a few seconds
/// (<see cref="SessionStamps"/>), and a change on one instance is forgotten on the others at once.
/// </summary>
public sealed class SessionStampTests
{
    private static async Task<HttpStatusCode> StartPageAsync(HttpClient client) => (await client.GetAsync("/start/employee")).StatusCode;

    [Fact]
    public async Task ASignOutOnOneInstance_EndsTheSessionOnAnother_ThoughTheOtherKeptWhatItKnew()
    {
        await using var first = await MusApp.StartAsync(TestDatabase.Postgres);
        await using var second = new MusApp(first.Database, ownsDatabase: false);
        var sessions = second.Services.GetRequiredService<SessionStamps>();
        for (var wait = 0; !sessions.Trusted && wait < 100; wait++)
        {
            await Task.Delay(50);
        }

        Assert.True(sessions.Trusted, "The second instance never listened for session changes.");
        var phone = await second.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(phone));

        // A change nobody announced (straight into the database) is not seen while the stamp is kept:
        // proof that the second instance no longer asks the database on every request.
        await using (var connection = new NpgsqlConnection(first.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = 'changed-behind-its-back' WHERE \"NormalizedEmail\" = upper(@email)", connection);
            command.Parameters.AddWithValue("email", DemoPeople.Employee);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(phone));

        // Signing out on the first instance is announced, and the second ends the session at its next request.
        var laptop = await first.SignedInAsync(DemoPeople.Employee);
        await laptop.PostFormAsync("/profile", new Dictionary<string, string>(), formAction: "sign-out");
        var status = HttpStatusCode.OK;
        for (var wait = 0; status == HttpStatusCode.OK && wait < 40; wait++)
        {
            await Task.Delay(25);
            status = await StartPageAsync(phone);
        }

        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    [Fact]
    public async Task WhatIsKnown_IsNotUsedPastItsAge_NorAfterAnAnnouncementThatCameDuringTheQuestion()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.UtcNow);
        var sessions = new SessionStamps(clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionStamps>.Instance) { Trusted = true };
        var generation = sessions.Generation;
        sessions.Remember("ida", new SessionStamps.Known("stamp", false, clock.GetUtcNow()), generation);
        Assert.True(sessions.TryGet("ida", out _));

        clock.Advance(SessionStamps.MaxAge);
        Assert.False(sessions.TryGet("ida", out _));

        // Asked before an announcement, answered after it: not kept.
        var before = sessions.Generation;
        sessions.Forget("someone else");
        sessions.Remember("ida", new SessionStamps.Known("old stamp", false, clock.GetUtcNow()), before);
        Assert.False(sessions.TryGet("ida", out _));

        // Not listening: nothing is used.
        sessions.Remember("ida", new SessionStamps.Known("stamp", false, clock.GetUtcNow()), sessions.Generation);
        sessions.Trusted = false;
        Assert.False(sessions.TryGet("ida", out _));
    }
}
