using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Tests.Pages.Conversations.FollowUps;

/// <summary>Follow-ups on Ida Brandt's approved plan, the start pages' agenda, the evaluation and the print view.</summary>
public sealed class FollowUpTests : IdasConversationTest
{
    // The server reckons days in Danish time.
    private static readonly DateOnly Today = DateOnly.FromDateTime(DanishTime.ToLocal(TestClock.UtcNow));

    private string Url => $"/conversations/{ConversationId}/follow-ups";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Both approve a plan whose one action is to be followed up in a week and was due yesterday.</summary>
    private async Task<(HttpClient Employee, HttpClient Leader)> ApprovedPlanAsync()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var plan = PlanTests.OneGoal(what: "Læse op på SRO-anlægget");
        plan["Input.Goals[0].Actions[0].ByWhen"] = Iso(Today.AddDays(-1));
        plan["Input.Goals[0].Actions[0].FollowUpOn"] = Iso(Today.AddDays(7));
        await leader.PostFormAsync($"/conversations/{ConversationId}/plan", plan, formAction: "handler=Approve");
        await employee.PostFormAsync($"/conversations/{ConversationId}/plan", new Dictionary<string, string>(), formAction: "handler=Approve");
        return (employee, leader);
    }

    [Fact]
    public async Task WithoutAnApprovedPlan_ThereIsNothingToFollowUp()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync($"/conversations/{ConversationId}/plan", PlanTests.OneGoal(), formAction: "handler=Approve");

        var page = await employee.GetPageAsync(Url);

        Assert.Contains("ingen godkendt plan", page.QuerySelector(".alert-info")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form textarea"));
    }

    [Fact]
    public async Task StartPages_ShowTheFollowUpDue_AndTheOverdueAction_UntilAFollowUpMarksItDone()
    {
        var (employee, leader) = await ApprovedPlanAsync();

        var employeeStart = await employee.GetPageAsync("/start/employee");
        var leaderStart = await leader.GetPageAsync("/start/leader");
        Assert.Contains("Læse op på SRO-anlægget", employeeStart.QuerySelector("#follow-up-agenda")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Overskredet", employeeStart.QuerySelector("#follow-up-agenda")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ida Brandt", leaderStart.QuerySelector("#follow-up-agenda")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await (await App.SignedInAsync(DemoPeople.OtherLeader)).GetPageAsync("/start/leader")).QuerySelector("#follow-up-agenda"));

        var actionKey = (await App.WithDbAsync(async db => (await db.ConversationParts.Where(p => p.ConversationId == ConversationId && p.Kind == PartKind.Plan).SingleAsync()).Content))
            is var json ? Assert.Single(Plan.Read(json).Content.Actions).Key : "";
        var saved = await leader.PostFormAsync(Url, new Dictionary<string, string>
        {
            ["Notes"] = "Ida har gennemgået manualen og vist det på et morgenmøde.",
            [$"Statuses[{actionKey}]"] = "Done",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Null((await employee.GetPageAsync("/start/employee")).QuerySelector("#follow-up-agenda"));
        var followUps = await employee.GetStringAsync(Url);
        Assert.Contains("Ida har gennemgået manualen", followUps, StringComparison.Ordinal);
        Assert.Contains("skrevet af Karsten Lund", followUps, StringComparison.Ordinal);
        var log = FollowUpLog.Read(await App.WithDbAsync(async db => (await db.ConversationParts.Where(p => p.ConversationId == ConversationId && p.Kind == PartKind.FollowUps).SingleAsync()).Content));
        Assert.Equal(ActionStatus.Done, Assert.Single(log.Entries).Statuses[actionKey]);
    }

    [Fact]
    public async Task AFollowUpDatedInTheFuture_IsRefusedWithAMessage()
    {
        var (employee, _) = await ApprovedPlanAsync();

        var response = await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Date"] = Iso(Today.AddDays(30)), ["Notes"] = "For tidligt" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("i dag eller tidligere", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("For tidligt", (await response.ParseAsync()).QuerySelector("#Notes")!.TextContent.Trim());
    }

    [Fact]
    public async Task Evaluation_OpensWhenHeld_AndEachPartysAnswersStayTheirOwn()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var evaluation = $"/conversations/{ConversationId}/evaluation";
        Assert.Contains("åbner, når samtalen er markeret som holdt", await employee.GetStringAsync(evaluation), StringComparison.Ordinal);

        await leader.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string>(), formAction: "handler=Held");
        var saved = await employee.PostFormAsync(evaluation, new Dictionary<string, string>
        {
            ["Answers[eval-useful]"] = "4",
            ["Answers[eval-better]"] = "Mere tid til kompetencedelen næste gang.",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain("Mere tid til kompetencedelen", await leader.GetStringAsync(evaluation), StringComparison.Ordinal);
        Assert.DoesNotContain("Mere tid til kompetencedelen", await leader.GetStringAsync($"/conversations/{ConversationId}"), StringComparison.Ordinal);
        var part = await App.WithDbAsync(db => db.ConversationParts.SingleAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.EmployeeEvaluation));
        Assert.Contains("\"eval-useful\":\"4\"", part.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintView_HasTheNotesAndThePlan()
    {
        var (employee, _) = await ApprovedPlanAsync();
        await employee.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "Vagtplanen deles om" }, formAction: "handler=Save");

        var print = await employee.GetStringAsync($"/conversations/{ConversationId}/print");

        Assert.Contains("Vagtplanen deles om", print, StringComparison.Ordinal);
        Assert.Contains("Læse op på SRO-anlægget", print, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.OtherEmployee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task AnyoneButTheTwo_GetsNotFound_AndChangesNothing(string email)
    {
        var (_, leader) = await ApprovedPlanAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string>(), formAction: "handler=Held")).StatusCode);
        var outsider = await App.SignedInAsync(email);
        var token = (await outsider.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await DatabaseFingerprint.TakeAsync(App);

        foreach (var path in new[] { "follow-ups", "evaluation", "print" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/conversations/{ConversationId}/{path}")).StatusCode);
        }

        foreach (var path in new[] { "follow-ups", "evaluation" })
        {
            var write = await outsider.PostAsync($"/conversations/{ConversationId}/{path}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Notes"] = "Udefra",
                ["Date"] = Iso(Today),
                ["Answers[eval-useful]"] = "1",
            }));
            Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }
}
