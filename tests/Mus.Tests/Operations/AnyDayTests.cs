using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Reminders;
using Mus.Web.Infrastructure.Retention;
using IcalCalendar = Ical.Net.Calendar;

namespace Mus.Tests.Operations;

/// <summary>
/// The classes that work with dates – reminders and the Monday digest, invitations, the calendar feed,
/// retention – made and run with the clock on each day of a week, on 29 February and on 31 December.
/// The days are always ahead of the real date, so the test never runs out of days.
/// </summary>
public sealed class AnyDayTests
{
    public static TheoryData<string> Days()
    {
        var days = new TheoryData<string>();
        var monday = TestClock.Next(DayOfWeek.Monday).AddDays(7);
        for (var day = 0; day < 7; day++)
        {
            days.Add(Iso(monday.AddDays(day)));
        }

        var year = TestClock.Today.Year + 1;
        while (!DateTime.IsLeapYear(year))
        {
            year++;
        }

        days.Add(Iso(new DateOnly(year, 2, 29)));
        days.Add(Iso(new DateOnly(TestClock.Today.Year + 1, 12, 31)));
        return days;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Days))]
    public async Task RemindersInvitationsFeedAndRetention_KeepTheirDays(string date)
    {
        var today = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(TestClock.At(today, new TimeOnly(9, 0)));
        await using var app = await MusApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Mail:DispatchEnabled"] = "false", ["Retention:PlanMonths"] = "12" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var round = $"MUS {today.Year}";
        var idas = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == round)
            .Select(c => new { c.Id, c.Round!.PreparationDeadline, c.Round.PreparationReminderDays }).SingleAsync());
        Assert.Equal(today.AddDays(14), idas.PreparationDeadline);
        await app.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.Employee).ExecuteUpdateAsync(set => set.SetProperty(p => p.WeeklyDigest, true)));

        // The calendar: Ida's conversation three days on at 10:00 Danish time, in the invitation and in her feed.
        var meetingDay = today.AddDays(3);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{idas.Id}/schedule", new Dictionary<string, string>
        {
            ["Input.Start"] = $"{Iso(meetingDay)}T10:00",
            ["Input.Minutes"] = "90",
            ["Input.Location"] = "Mødelokale 1",
        })).StatusCode);
        var invitation = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == DemoPeople.Employee && m.Calendar != null).Select(m => m.Calendar!).SingleAsync());
        var meeting = Assert.Single(IcalCalendar.Load(invitation)!.Events);
        Assert.Equal(meetingDay.ToDateTime(new TimeOnly(10, 0)), meeting.DtStart!.Value);
        Assert.Equal(TestClock.At(meetingDay, new TimeOnly(10, 0)).UtcDateTime, meeting.DtStart.AsUtc);

        var ida = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/calendar", new Dictionary<string, string>(), formAction: "handler=Create")).StatusCode);
        var address = (await ida.GetPageAsync("/profile/calendar")).QuerySelector("#feed-address")!.TextContent;
        var feed = IcalCalendar.Load(await app.CreateBrowserlikeClient().GetStringAsync(address))!;
        Assert.Equal(TestClock.At(meetingDay, new TimeOnly(10, 0)).UtcDateTime, feed.Events.Single(e => e.Location == "Mødelokale 1").DtStart!.AsUtc);
        Assert.Equal(idas.PreparationDeadline.ToDateTime(TimeOnly.MinValue), feed.Events.Single(e => e.Summary == "MUS: frist for forberedelsen" && e.IsAllDay).DtStart!.Value);

        // Reminders, scanned every morning from today to the preparation deadline: Karsten, who reads them daily,
        // on each of the round's reminder days and never twice a day; Ida, who reads the digest, on Mondays only.
        var mailedOn = new List<(DateOnly Day, string To)>();
        for (var day = today; day <= idas.PreparationDeadline; day = day.AddDays(1))
        {
            clock.SetUtcNow(TestClock.At(day, new TimeOnly(9, 0)));
            var before = await app.WithDbAsync(db => db.OutboxMails.Select(m => m.Id).DefaultIfEmpty().MaxAsync());
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(clock.GetUtcNow());
            }

            var recipients = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.Id > before && (m.Purpose == "reminder" || m.Purpose == "reminder-digest")).Select(m => m.To).ToListAsync());
            mailedOn.AddRange(recipients.Select(to => (day, to)));
        }

        var toKarsten = mailedOn.Where(m => m.To == DemoPeople.CurrentLeader).Select(m => m.Day).ToList();
        Assert.Equal(toKarsten.Distinct().Count(), toKarsten.Count);
        foreach (var offset in idas.PreparationReminderDays)
        {
            Assert.Contains(idas.PreparationDeadline.AddDays(-offset), toKarsten);
        }

        var toIda = mailedOn.Where(m => m.To == DemoPeople.Employee).Select(m => m.Day).ToList();
        Assert.NotEmpty(toIda);
        Assert.All(toIda, day => Assert.Equal(DayOfWeek.Monday, day.DayOfWeek));

        // Retention: last year's plans (kept 12 months here) stay until 12 calendar months after the conversation was held, and go after.
        var lastYear = $"MUS {today.Year - 1}";
        var heldAt = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == lastYear).Select(c => c.HeldAt!.Value).SingleAsync());
        Task<int> LastYearsPlans() => app.WithDbAsync(db => db.ConversationParts.CountAsync(p => p.Kind == PartKind.Plan && db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear)));
        var plans = await LastYearsPlans();
        Assert.True(plans > 0);
        var expiry = heldAt.AddMonths(12);
        Assert.Equal(0, (await SweepAsync(app, expiry.AddMinutes(-1))).Compartments);
        Assert.Equal(plans, await LastYearsPlans());
        Assert.True((await SweepAsync(app, expiry.AddMinutes(1))).Compartments >= plans);
        Assert.Equal(0, await LastYearsPlans());
    }

    private static async Task<RetentionSweep.Result> SweepAsync(MusApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(now);
    }
}
