using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Reminders;

namespace Mus.Tests.Infrastructure.Reminders;

/// <summary>
/// Reminders and the weekly digest as a real SMTP server receives them, on the day they fall due: the
/// application's clock is moved there, so the dispatcher finds them due and sends them.
/// </summary>
public sealed class ReminderMailTests : IAsyncLifetime
{
    private readonly TestSmtpServer smtp = new();
    // The demo is made on a Tuesday, so its preparation deadline (two weeks on) and the first reminder a week
    // before it fall on a Tuesday too: the Monday digest and the daily reminder are on different days.
    private readonly FakeTimeProvider clock = new(TestClock.At(TestClock.Next(DayOfWeek.Tuesday), new TimeOnly(9, 0)));
    private MusApp app = null!;

    public async ValueTask InitializeAsync()
    {
        smtp.Start();
        app = await MusApp.StartAsync(settings: new Dictionary<string, string?>(smtp.Settings) { ["Mail:DispatchEnabled"] = "false" }, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    /// <summary>Moves the clock to 9:00 Danish time on <paramref name="day"/>, scans, and sends what is due.</summary>
    private async Task ScanAndSendAsync(DateOnly day)
    {
        clock.SetUtcNow(DanishTime.ToUtc(day.ToDateTime(new TimeOnly(9, 0))));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(clock.GetUtcNow());
        }

        while (await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync() > 0)
        {
        }
    }

    [Fact]
    public async Task TheDigestOnMonday_AndAnEnglishLeadersReminderOnItsDay_ArriveWithTheirLinks()
    {
        var today = DanishTime.Today(clock);
        var (deadline, conversation) = await app.WithDbAsync(async db =>
        {
            var c = await db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => new { c.Round!.PreparationDeadline, c.Id }).SingleAsync();
            await db.People.Where(p => p.Email == DemoPeople.Employee).ExecuteUpdateAsync(set => set.SetProperty(p => p.WeeklyDigest, true));
            await db.People.Where(p => p.Email == DemoPeople.CurrentLeader).ExecuteUpdateAsync(set => set.SetProperty(p => p.Language, "en"));
            return (c.PreparationDeadline, c.Id);
        });
        // The Monday whose week holds the first reminder day (a week before the deadline).
        var weekBefore = deadline.AddDays(-7);
        var monday = weekBefore.AddDays(-(((int)weekBefore.DayOfWeek + 6) % 7));
        Assert.True(monday > today, "the demo's deadline leaves a Monday before the reminder");

        await ScanAndSendAsync(monday);

        var digest = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.Employee);
        Assert.Equal("Ugens påmindelser fra MUS", digest.Subject);
        Assert.Contains("Forberedelsen til din MUS-samtale med Karsten Lund", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{MusApp.PublicUrl}/conversations/{conversation}/preparation\">", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/profile/reminders", digest.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"da\">", digest.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.CurrentLeader);

        await ScanAndSendAsync(weekBefore);

        var toKarsten = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.CurrentLeader);
        Assert.Equal("A reminder from MUS", toKarsten.Subject);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{conversation}/preparation", toKarsten.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", toKarsten.HtmlBody, StringComparison.Ordinal);
        // Ida, who reads the digest, got nothing more on the day itself.
        Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.Employee);
    }

    [Fact]
    public async Task AScanThatStoppedHalfWay_IsResumed_WithoutASecondMailToThoseAlreadyReminded()
    {
        var day = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.PreparationDeadline).SingleAsync());
        day = day.AddDays(-7);
        while (day.DayOfWeek == DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        // What a scan that stopped after its first batch left behind: Ida's reminder, recorded with its mail.
        await app.WithDbAsync(async db =>
        {
            var ida = await db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => new { c.Id, c.EmployeeId, c.Round!.PreparationDeadline }).SingleAsync();
            var mail = OutboxMail.Create(DemoPeople.Employee, "Påmindelse fra MUS", "Tekst", "da", "reminder", TestClock.UtcNow.UtcDateTime, "localhost");
            db.OutboxMails.Add(mail);
            db.SentReminders.Add(new SentReminder { ConversationId = ida.Id, PersonId = ida.EmployeeId, Kind = ReminderScan.Preparation, ForDate = ida.PreparationDeadline, OffsetDays = 7, SentAt = TestClock.UtcNow.UtcDateTime });
            return await db.SaveChangesAsync();
        });

        await ScanAndSendAsync(day);

        Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.Employee);
        Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.CurrentLeader);
        Assert.True(smtp.Received.Count > 10, $"{smtp.Received.Count} mails");
        Assert.Equal(smtp.Received.Count, smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    // A reminder as a mail client sees it: marked automatic, with an unsubscribe button (RFC 8058) whose
    // one-click POST needs no sign-in, turns that person's reminder mails off and nothing else.
    private Task<DateOnly> DeadlineAsync() => app.WithDbAsync(db => db.Conversations
        .Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Round!.PreparationDeadline).SingleAsync());

    private IReadOnlyList<MimeMessage> To(string email) => smtp.Received.Where(m => m.To.Mailboxes.Single().Address == email).ToList();

    private Task<bool> OffAsync(string email) => app.WithDbAsync(db => db.People.Where(p => p.Email == email).Select(p => p.ReminderMailsOff).SingleAsync());

    private static HttpRequestMessage OneClick(string link) => new(HttpMethod.Post, link)
    {
        // Exactly what a mail client posts (RFC 8058 §3.2): no cookie, no token but the address's own.
        Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }),
    };

    [Fact]
    public async Task TheButtonInAReminder_TurnsThatPersonsRemindersOff_WithoutSigningIn()
    {
        var deadline = await DeadlineAsync();
        await ScanAndSendAsync(deadline.AddDays(-7));

        var reminder = Assert.Single(To(DemoPeople.Employee));
        Assert.Single(To(DemoPeople.CurrentLeader));
        Assert.Equal("auto-generated", reminder.Headers["Auto-Submitted"]);
        Assert.Equal("All", reminder.Headers["X-Auto-Response-Suppress"]);
        Assert.Equal("List-Unsubscribe=One-Click", reminder.Headers["List-Unsubscribe-Post"]);
        var header = reminder.Headers["List-Unsubscribe"]!;
        Assert.Matches("^<https://[^>]+>$", header);
        var link = header.Trim('<', '>');
        Assert.StartsWith(MusApp.PublicUrl + "/unsubscribe/", link, StringComparison.Ordinal);
        // Sent, the link is not kept in the outbox.
        Assert.All(await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().ToListAsync()), m => Assert.Null(m.UnsubscribeUrl));

        var anonymous = app.CreateBrowserlikeClient();
        // Opening the link (as a mail scanner does) only asks.
        var before = await DatabaseFingerprint.TakeAsync(app);
        using (var asked = await anonymous.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
        Assert.False(await OffAsync(DemoPeople.Employee));

        // An altered link is nobody's, a padded copy of it neither.
        var altered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(OneClick(altered))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(OneClick(link + "="))).StatusCode);
        Assert.False(await OffAsync(DemoPeople.Employee));

        using (var clicked = await anonymous.SendAsync(OneClick(link)))
        {
            Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        }

        Assert.True(await OffAsync(DemoPeople.Employee));
        Assert.False(await OffAsync(DemoPeople.CurrentLeader));
        // A second press says the same and changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(OneClick(link))).StatusCode);

        await ScanAndSendAsync(deadline.AddDays(-2));

        Assert.Single(To(DemoPeople.Employee));
        Assert.Equal(2, To(DemoPeople.CurrentLeader).Count);
    }

    [Fact]
    public async Task AnOldLink_TurnsNothingOff()
    {
        var deadline = await DeadlineAsync();
        await ScanAndSendAsync(deadline.AddDays(-7));
        var link = Assert.Single(To(DemoPeople.Employee)).Headers["List-Unsubscribe"]!.Trim('<', '>');

        clock.Advance(Mus.Web.Infrastructure.Email.UnsubscribeLinks.Lifetime + TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlikeClient().SendAsync(OneClick(link))).StatusCode);
        Assert.False(await OffAsync(DemoPeople.Employee));
    }

    [Fact]
    public async Task OnTheProfile_MailsCanBeTurnedOffAndOnAgain_KeepingTheDigestChoice()
    {
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "weekly" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "off" })).StatusCode);
        Assert.True(await OffAsync(DemoPeople.Employee));
        Assert.Equal("off", (await ida.GetPageAsync("/profile/reminders")).QuerySelector("input[name=Choice][checked]")!.GetAttribute("value"));

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "weekly" })).StatusCode);
        Assert.False(await OffAsync(DemoPeople.Employee));
        Assert.True(await app.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.Employee).Select(p => p.WeeklyDigest).SingleAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "never" })).StatusCode);
    }
}
