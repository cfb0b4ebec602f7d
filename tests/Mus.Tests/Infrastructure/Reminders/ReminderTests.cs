using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Reminders;

namespace Mus.Tests.Infrastructure.Reminders;

/// <summary>
/// The demo's round has its preparation deadline 14 days from today and its conversation deadline
/// 45 days from today; the scan is run as if on chosen days.
/// </summary>
public sealed class ReminderTests
{
    private static async Task<int> ScanAsync(MusApp app, int daysFromNow)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(TestClock.UtcNow.AddDays(daysFromNow));
    }

    // The scan runs as if on a later day, so its mails are due then and wait in the outbox with their text.
    private static Task<List<OutboxMail>> MailsToAsync(MusApp app, string email) =>
        app.WithDbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.To == email && m.Purpose == "reminder").OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task APreparationNotReady_IsRemindedSevenAndTwoDaysBefore_OnceEach_AndNotOnceItIsReady()
    {
        await using var app = await MusApp.StartAsync();
        // Karsten prepares for each of his people, and for his own conversation with his leader.
        var karstensConversations = await app.WithDbAsync(db => db.Conversations.CountAsync(c => (c.Leader!.Email == DemoPeople.CurrentLeader || c.Employee!.Email == DemoPeople.CurrentLeader) && c.Round!.Name == DemoPeople.CurrentRound));
        Assert.Equal(0, await ScanAsync(app, 0));

        var mails = await ScanAsync(app, 7);

        Assert.True(mails > 10, $"{mails} mails");
        var toIda = Assert.Single(await MailsToAsync(app, DemoPeople.Employee));
        Assert.Equal("Påmindelse fra MUS", toIda.Subject);
        Assert.Contains("Forberedelsen til din MUS-samtale med Karsten Lund skal være klar senest", toIda.TextBody, StringComparison.Ordinal);
        Assert.Matches($"{MusApp.PublicUrl}/conversations/[0-9]+/preparation", toIda.TextBody);
        // The leader gets one mail for all of it, not one each.
        var toKarsten = Assert.Single(await MailsToAsync(app, DemoPeople.CurrentLeader));
        Assert.Equal(karstensConversations, System.Text.RegularExpressions.Regex.Matches(toKarsten.TextBody, "/conversations/[0-9]+/preparation").Count);

        // The same day again, and the next: nothing new.
        Assert.Equal(0, await ScanAsync(app, 7));
        Assert.Equal(0, await ScanAsync(app, 8));

        // Ida marks her preparation ready; two days before, only Karsten (whose own is not) hears of it.
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var conversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{conversation}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Klar" }, formAction: "handler=Ready")).StatusCode);
        Assert.True(await ScanAsync(app, 12) > 0);
        Assert.Single(await MailsToAsync(app, DemoPeople.Employee));
        Assert.Contains($"/conversations/{conversation}/preparation", (await MailsToAsync(app, DemoPeople.CurrentLeader))[1].TextBody, StringComparison.Ordinal);
        Assert.Equal(0, await ScanAsync(app, 13));
    }

    [Fact]
    public async Task ALeaderWithoutATime_IsRemindedAWeekBeforeTheConversationDeadline_OfThoseNotScheduled()
    {
        await using var app = await MusApp.StartAsync();
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var conversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{conversation}/schedule", new Dictionary<string, string>
        {
            ["Input.Start"] = TestClock.Midnight.AddDays(20).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Minutes"] = "90",
            ["Input.Location"] = "Mødelokale 2",
        })).StatusCode);

        Assert.True(await ScanAsync(app, 38) > 0);

        var mail = Assert.Single(await MailsToAsync(app, DemoPeople.CurrentLeader));
        Assert.Contains("Der er endnu ikke sat tid på MUS-samtalen med", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/schedule", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"/conversations/{conversation}/schedule", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(await MailsToAsync(app, DemoPeople.Employee));
    }

    [Fact]
    public async Task TheDaysAreHrsPerRound_ThreeDaysBeforeMeansNotAWeekBefore_AndNoneMeansNone()
    {
        await using var app = await MusApp.StartAsync();
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/rounds/{round}/settings", new Dictionary<string, string>
        {
            ["Input.PreparationReminderDays"] = "3",
            ["Input.SchedulingReminderDays"] = "",
        })).StatusCode);

        Assert.Equal(0, await ScanAsync(app, 7));
        Assert.True(await ScanAsync(app, 11) > 10);
        Assert.Equal([3], await app.WithDbAsync(db => db.SentReminders.Select(r => r.OffsetDays).Distinct().ToListAsync()));

        // Without days, nobody is reminded of anything in the round, even a leader without a time a week before the deadline.
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/rounds/{round}/settings", new Dictionary<string, string>
        {
            ["Input.PreparationReminderDays"] = "",
            ["Input.SchedulingReminderDays"] = "",
        })).StatusCode);
        Assert.Equal(0, await ScanAsync(app, 13));
        Assert.Equal(0, await ScanAsync(app, 38));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoInstancesScanningAtOnce_RemindEachPersonOnce(string provider)
    {
        // Both scans read what was already sent before either writes: only the unique key can keep them apart.
        var barrier = new QueryBarrier("FROM \"SentReminders\"", parties: 2);
        await using var first = await MusApp.StartAsync(provider, services: barrier.AddTo);
        await using var second = new MusApp(first.Database, services: barrier.AddTo, ownsDatabase: false);

        barrier.Arm();
        await Task.WhenAll(Task.Run(() => ScanAsync(first, 7)), Task.Run(() => ScanAsync(second, 7)));

        Assert.True(barrier.Met, "the two scans did not both read the sent reminders before writing");

        var recipients = await first.WithDbAsync(db => db.OutboxMails.Where(m => m.Purpose == "reminder").Select(m => m.To).ToListAsync());
        Assert.True(recipients.Count > 10);
        Assert.Equal(recipients.Count, recipients.Distinct().Count());
        var reminded = await first.WithDbAsync(db => db.SentReminders.Select(r => r.PersonId).Distinct().CountAsync());
        Assert.Equal(recipients.Count, reminded);
    }
}
