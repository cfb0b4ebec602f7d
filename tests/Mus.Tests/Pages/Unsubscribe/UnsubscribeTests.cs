using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Reminders;

namespace Mus.Tests.Pages.Unsubscribe;

/// <summary>
/// A reminder as a mail client sees it: marked automatic, with an unsubscribe button (RFC 8058) whose
/// one-click POST needs no sign-in, turns that person's reminder mails off and nothing else.
/// </summary>
public sealed class UnsubscribeTests : IAsyncLifetime
{
    private readonly TestSmtpServer smtp = new();
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

        // An altered link is nobody's.
        var altered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(OneClick(altered))).StatusCode);
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

        clock.Advance(Mus.Web.Pages.Unsubscribe.UnsubscribeLinks.Lifetime + TimeSpan.FromDays(1));

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
