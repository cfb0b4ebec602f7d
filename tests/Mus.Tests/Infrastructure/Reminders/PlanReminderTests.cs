using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Reminders;

namespace Mus.Tests.Infrastructure.Reminders;

/// <summary>
/// After the conversation: both are reminded before a follow-up date and when an action's deadline
/// passes while it is open, once each; someone who chose the weekly digest gets it all on Monday.
/// The scan reads the plan's dates from the conversation, so it never opens a plan.
/// </summary>
public sealed class PlanReminderTests : IdasConversationTest
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DanishTime.ToLocal(TestClock.UtcNow));

    private async Task<int> ScanOnAsync(DateOnly day)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(1)));
    }

    private Task<List<(string Kind, DateOnly ForDate, string Email)>> RemindersAsync() => App.WithDbAsync(async db =>
        (await db.SentReminders.Where(r => r.ConversationId == ConversationId).Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r.Kind, r.ForDate, p.Email }).ToListAsync())
            .Select(r => (r.Kind, r.ForDate, r.Email)).Order().ToList());

    private async Task HoldAndApproveAsync(DateOnly followUpOn, DateOnly byWhen)
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string>(), formAction: "handler=Held")).StatusCode);
        var plan = PlanTests.OneGoal();
        plan["Input.Goals[0].Actions[0].FollowUpOn"] = followUpOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        plan["Input.Goals[0].Actions[0].ByWhen"] = byWhen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/plan", plan, formAction: "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/plan", new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);
    }

    [Fact]
    public async Task BeforeAFollowUp_AndAfterAnOpenActionsDeadline_BothAreRemindedOnce_AndNotOnceTheActionIsDone()
    {
        await HoldAndApproveAsync(Today.AddDays(10), Today.AddDays(20));
        var stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal((Today.AddDays(10), Today.AddDays(20)), (stored.NextFollowUpOn, stored.OpenActionDeadline));
        Assert.NotNull(stored.PlanApprovedAt);

        await ScanOnAsync(Today.AddDays(6));
        Assert.Empty(await RemindersAsync());
        await ScanOnAsync(Today.AddDays(7));
        Assert.Equal([(ReminderScan.FollowUp, Today.AddDays(10), DemoPeople.Employee), (ReminderScan.FollowUp, Today.AddDays(10), DemoPeople.CurrentLeader)], await RemindersAsync());
        // The scan ran as if on a later day: its mails are due then, and wait in the outbox with their text.
        var toIda = await App.WithDbAsync(db => db.OutboxMails.Where(m => m.To == DemoPeople.Employee && m.Purpose == "reminder").Select(m => m.TextBody).SingleAsync());
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{ConversationId}/follow-ups", toIda, StringComparison.Ordinal);
        // The plan's wording is not in the mail.
        Assert.DoesNotContain("ledningsregistrering", toIda, StringComparison.Ordinal);
        await ScanOnAsync(Today.AddDays(8));
        await ScanOnAsync(Today.AddDays(20));
        Assert.Equal(2, (await RemindersAsync()).Count);

        await ScanOnAsync(Today.AddDays(21));
        Assert.Equal(2, (await RemindersAsync()).Count(r => r.Kind == ReminderScan.ActionDeadline && r.ForDate == Today.AddDays(20)));
        await ScanOnAsync(Today.AddDays(22));
        Assert.Equal(4, (await RemindersAsync()).Count);

        // Marked done at a follow-up: no dates left to remind of.
        var actionKey = (await (await App.SignedInAsync(DemoPeople.CurrentLeader)).GetPageAsync($"/conversations/{ConversationId}/follow-ups")).QuerySelector("select[name^='Statuses[']")!.GetAttribute("name")!;
        Assert.Equal(HttpStatusCode.Redirect, (await (await App.SignedInAsync(DemoPeople.CurrentLeader)).PostFormAsync($"/conversations/{ConversationId}/follow-ups", new Dictionary<string, string> { ["Notes"] = "Færdig", [actionKey] = "Done" })).StatusCode);
        stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal((null, null), (stored.NextFollowUpOn, stored.OpenActionDeadline));
    }

    [Fact]
    public async Task AWeeklyDigestReader_GetsTheWeeksRemindersOnMonday_InOneMail_AndNothingOnTheDayItself()
    {
        var monday = Today.AddDays(1);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }

        // The follow-up reminder falls on Wednesday (three days before Saturday's follow-up).
        await HoldAndApproveAsync(monday.AddDays(5), monday.AddDays(60));
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "weekly" })).StatusCode);

        await ScanOnAsync(monday);

        Assert.Equal([(ReminderScan.FollowUp, monday.AddDays(5), DemoPeople.Employee)], await RemindersAsync());
        var digest = await App.WithDbAsync(db => db.OutboxMails.SingleAsync(m => m.To == DemoPeople.Employee));
        Assert.Equal(("reminder-digest", "Ugens påmindelser fra MUS"), (digest.Purpose, digest.Subject));
        Assert.Contains("Opfølgning på planen med Karsten Lund", digest.TextBody, StringComparison.Ordinal);

        await ScanOnAsync(monday.AddDays(2));

        // Karsten, who reads them as they come, gets his on Wednesday; Ida nothing more.
        Assert.Equal([(ReminderScan.FollowUp, monday.AddDays(5), DemoPeople.Employee), (ReminderScan.FollowUp, monday.AddDays(5), DemoPeople.CurrentLeader)], await RemindersAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == DemoPeople.Employee)));
    }
}
