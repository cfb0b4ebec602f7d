using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Reminders;

namespace Mus.Tests.Pages.Conversations;

/// <summary>Ida says no thanks to this year's MUS, and takes it back: her leader learns only that, and nobody is reminded of a conversation she declined.</summary>
public sealed class ParticipationTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/participation";

    private Task<ConversationStatus> StatusAsync() => App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.Status).SingleAsync());

    private Task<List<string>> MailSubjectsToAsync(string email) => App.WithDbAsync(db => db.OutboxMails.Where(m => m.To == email).OrderBy(m => m.Id).Select(m => m.Subject).ToListAsync());

    [Fact]
    public async Task TheEmployee_DeclinesWithoutAReason_TheLeaderSeesOnlyThat_AndSheTakesItBack()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(ConversationStatus.Preparing, await StatusAsync());
        // She wrote something before she decided; it stays hers.
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Måleromlægningen" }, formAction: "handler=Save")).StatusCode);
        var page = await ida.GetPageAsync(Url);
        Assert.Empty(page.QuerySelectorAll("main textarea, main input[type=text]"));

        var response = await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Decline");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ConversationStatus.Declined, await StatusAsync());
        Assert.Equal(["Ida Brandt har sagt nej tak til MUS"], await MailSubjectsToAsync(DemoPeople.CurrentLeader));
        var leaderPage = await karsten.GetPageAsync("/start/leader");
        var row = leaderPage.QuerySelectorAll("#waiting + .overflow-x tbody tr").Single(r => r.TextContent.Contains("Ida Brandt", StringComparison.Ordinal));
        Assert.Contains("Sagt nej tak", row.TextContent, StringComparison.Ordinal);
        Assert.Null(row.QuerySelector("a[href$='/schedule']"));
        var start = await ida.GetPageAsync("/start/employee");
        Assert.NotNull(start.QuerySelector($"a[href='{Url}']"));
        Assert.Null(start.QuerySelector($"a[href='/conversations/{ConversationId}/preparation']"));

        response = await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=TakeBack");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ConversationStatus.Preparing, await StatusAsync());
        Assert.Equal("Ida Brandt vil alligevel gerne have MUS", (await MailSubjectsToAsync(DemoPeople.CurrentLeader))[^1]);
        Assert.Contains("Måleromlægningen", (await ida.GetPageAsync($"/conversations/{ConversationId}/preparation")).QuerySelector("textarea[name='Answers[tasks-success]']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLineSaidAfterAChange_IsShownOnThePageItLeadsTo_AndOnNoPageAfter()
    {
        // The start page has no place of its own for it: the layout shows it, so it never waits in the browser.
        var ida = await App.SignedInAsync(DemoPeople.Employee);

        var response = await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Decline");

        Assert.Equal("/start/employee", response.Headers.Location?.OriginalString);
        var said = (await ida.GetPageAsync("/start/employee")).QuerySelectorAll("main .alert-success[role=status]");
        Assert.Contains("nej tak", Assert.Single(said).TextContent, StringComparison.Ordinal);
        Assert.Empty((await ida.GetPageAsync("/profile")).QuerySelectorAll("main .alert-success[role=status]"));
        Assert.Empty((await ida.GetPageAsync("/start/employee")).QuerySelectorAll("main .alert-success[role=status]"));
    }

    [Fact]
    public async Task DecliningAScheduledConversation_CancelsTheMeetingInBothCalendars_AndATimeAfterTakingItBackOutranksTheCancellation()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var schedule = new Dictionary<string, string>
        {
            ["Input.Start"] = TestClock.Midnight.AddDays(10).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Minutes"] = "90",
            ["Input.Location"] = "Mødelokale 2",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/schedule", schedule)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Decline")).StatusCode);

        var cancellations = await App.WithDbAsync(db => db.OutboxMails.Where(m => m.CalendarMethod == "CANCEL").Select(m => m.To).ToListAsync());
        Assert.Equal([DemoPeople.Employee, DemoPeople.CurrentLeader], cancellations.Order());
        var stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Null(stored.ScheduledStart);
        Assert.Equal(2, stored.CalendarSequence);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=TakeBack")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/schedule", schedule)).StatusCode);
        // The invitation went out at sequence 0, the cancellation above it at 1; the new time is the same event at 2.
        var sequences = new List<int>();
        foreach (var purpose in await App.WithDbAsync(db => db.OutboxMails.Where(m => m.To == DemoPeople.Employee && m.CalendarMethod != null).OrderBy(m => m.Id).Select(m => m.Purpose).Distinct().ToListAsync()))
        {
            foreach (var mail in await MailFolder.AllDeliveredAsync(App, DemoPeople.Employee, purpose))
            {
                sequences.Add(Assert.Single(Ical.Net.Calendar.Load(mail.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text)!.Events).Sequence);
            }
        }

        Assert.Equal([0, 1, 2], sequences.Order());
        var rescheduled = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal((stored.CalendarUid, 2), (rescheduled.CalendarUid, rescheduled.CalendarSequence));
        Assert.NotNull(rescheduled.ScheduledStart);
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == DemoPeople.Employee && m.CalendarMethod == "REQUEST")));
    }

    [Fact]
    public async Task InAMandatoryRound_NoThanksIsRefusedWithAMessage_AndNothingChanges()
    {
        await App.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).ExecuteUpdateAsync(set => set.SetProperty(r => r.Mandatory, true)));
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var page = await ida.GetPageAsync(Url);
        Assert.Contains("obligatorisk", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action*='handler=Decline']"));
        Assert.Null((await ida.GetPageAsync("/start/employee")).QuerySelector($"a[href='{Url}']"));
        var before = await DatabaseFingerprint.TakeAsync(App);

        // Posted anyway, as a crafted request would.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await ida.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await ida.PostAsync(Url + "?handler=Decline", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("obligatorisk", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }

    [Fact]
    public async Task NobodyIsReminded_OfAConversationTheEmployeeDeclined()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Decline")).StatusCode);

        await using var scope = App.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(TestClock.UtcNow.AddDays(7)) > 0);

        var reminders = await App.WithDbAsync(db => db.SentReminders.Where(r => r.ConversationId == ConversationId).CountAsync());
        Assert.Equal(0, reminders);
        Assert.True(await App.WithDbAsync(db => db.SentReminders.AnyAsync()));
    }
}
