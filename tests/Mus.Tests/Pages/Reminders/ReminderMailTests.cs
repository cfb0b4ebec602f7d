using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Reminders;

namespace Mus.Tests.Pages.Reminders;

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
        Assert.Contains($"<a href=\"{MusApp.PublicUrl}/preparation/{conversation}\">", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/profile/reminders", digest.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"da\">", digest.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.CurrentLeader);

        await ScanAndSendAsync(weekBefore);

        var toKarsten = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == DemoPeople.CurrentLeader);
        Assert.Equal("A reminder from MUS", toKarsten.Subject);
        Assert.Contains($"{MusApp.PublicUrl}/preparation/{conversation}", toKarsten.TextBody, StringComparison.Ordinal);
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
}
