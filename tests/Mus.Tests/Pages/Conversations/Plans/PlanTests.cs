using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;

namespace Mus.Tests.Pages.Conversations.Plans;

/// <summary>Ida Brandt and Karsten Lund write, approve and amend her development plan.</summary>
public sealed class PlanTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/plan";

    /// <summary>The plan's one action is due four months on (the tests' clock), so it never lies in the past.</summary>
    public static DateOnly ByWhen => TestClock.Today.AddMonths(4);

    internal static Dictionary<string, string> OneGoal(string what = "Kursus i ledningsregistrering", string? goesFurther = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Goals[0].Title"] = "Blive selvkørende i GIS",
            ["Input.Goals[0].Actions[0].What"] = what,
            ["Input.Goals[0].Actions[0].Why"] = "Digital dokumentation",
            ["Input.Goals[0].Actions[0].How"] = "course",
            ["Input.Goals[0].Actions[0].Who"] = "employee",
            ["Input.Goals[0].Actions[0].ByWhen"] = ByWhen.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Goals[0].Actions[0].FollowUpOn"] = TestClock.Today.AddMonths(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (goesFurther is not null)
        {
            fields["Input.Goals[0].Actions[0].GoesFurther"] = "true";
            fields["Input.Goals[0].Actions[0].GoesFurtherText"] = goesFurther;
        }

        return fields;
    }

    private Task<Plan> StoredPlanAsync() => App.WithDbAsync(async db =>
        Plan.Read((await db.ConversationParts.Where(p => p.ConversationId == ConversationId && p.Kind == PartKind.Plan).SingleOrDefaultAsync())?.Content));

    [Fact]
    public async Task BothApproveTheSameWording_WhichLocksIt_AndAmendingStartsVersionTwo()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        await leader.PostFormAsync(Url, OneGoal(goesFurther: "Ansøgning: GIS-kursus hos leverandøren, 3 dage, foråret 2027"), formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);
        Assert.False((await StoredPlanAsync()).IsLocked);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);

        var locked = await StoredPlanAsync();
        Assert.True(locked.IsLocked);
        Assert.Equal("Ansøgning: GIS-kursus hos leverandøren, 3 dage, foråret 2027", Assert.Single(locked.Content.Actions).GoesFurther);
        var page = await employee.GetPageAsync(Url);
        Assert.Contains(page.QuerySelectorAll(".alert-success .alert-heading"), h => h.TextContent.Contains("godkendt af jer begge", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("#goal-0-title"));

        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Amend")).StatusCode);
        var amended = await StoredPlanAsync();
        Assert.Equal(2, amended.Number);
        Assert.False(amended.IsLocked);
        Assert.Equal(locked.Hash, Assert.Single(amended.History).Content.Hash());
    }

    [Fact]
    public async Task AChangeAfterOneApproval_ClearsIt()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await employee.PostFormAsync(Url, OneGoal(), formAction: "handler=Approve");
        Assert.NotNull((await StoredPlanAsync()).EmployeeApproval);

        await leader.PostFormAsync(Url, OneGoal(what: "Kursus i ledningsregistrering, niveau 2"), formAction: "handler=Save");

        var plan = await StoredPlanAsync();
        Assert.Null(plan.EmployeeApproval);
        Assert.Null(plan.LeaderApproval);
        Assert.Contains("Ida Brandt har ikke godkendt", await employee.GetStringAsync(Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALockedPlan_RefusesChanges_AndKeepsItsWording()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await employee.PostFormAsync(Url, OneGoal(), formAction: "handler=Approve");
        await leader.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Approve");
        var version = (await leader.GetPageAsync(Url)).QuerySelector("#Version")!.GetAttribute("value")!;
        var token = (await leader.GetPageAsync(Url)).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var fields = OneGoal(what: "Noget helt andet");
        fields["__RequestVerificationToken"] = token;
        fields["Version"] = version;
        var refused = await leader.PostAsync(Url + "?handler=Save", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("låst", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kursus i ledningsregistrering", Assert.Single((await StoredPlanAsync()).Content.Actions).What);
    }

    /// <summary>
    /// The lost-word sequence on the plan: Ida saves a why; Karsten, on an older page, changes the goal
    /// and saves twice: both stand. Both change the action's what: Karsten chooses. Approving on a page
    /// that met a newer version shows the merge first and approves only what was shown.
    /// </summary>
    [Fact]
    public async Task AStaleSave_KeepsTheOthersNewerField_AClashWaitsForAChoice_AndAnApprovalOnlyWhatWasShown()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(Url, OneGoal(), "handler=Save")).StatusCode);
        var (target, stale) = await leader.ReadFormAsync(Url, "handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Goals[0].Actions[0].Why"] = "Idas hvorfor" }, "handler=Save")).StatusCode);
        stale["Input.Goals[0].Title"] = "Karstens mål";
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        var plan = await StoredPlanAsync();
        Assert.Equal(("Karstens mål", "Idas hvorfor"), (plan.Content.Goals[0].Title, plan.Content.Goals[0].Actions[0].Why));

        var (_, idas) = await employee.ReadFormAsync(Url, "handler=Save");
        var (_, karstens) = await leader.ReadFormAsync(Url, "handler=Save");
        idas["Input.Goals[0].Actions[0].What"] = "Idas handling";
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostAsync(target, new FormUrlEncodedContent(idas))).StatusCode);
        karstens["Input.Goals[0].Actions[0].What"] = "Karstens handling";
        var clash = await leader.PostAsync(target, new FormUrlEncodedContent(karstens));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var page = await clash.ParseAsync();
        var actionKey = plan.Content.Goals[0].Actions[0].Key;
        Assert.Equal([$"goal:{plan.Content.Goals[0].Key}:action:{actionKey}:what"], page.QuerySelectorAll("#merge-clashes fieldset").Select(f => f.GetAttribute("data-clash")!));
        var (_, decided) = page.ReadForm(Url, "handler=Save");
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);
        decided[$"Merge.Choice[goal:{plan.Content.Goals[0].Key}:action:{actionKey}:what]"] = "Mine";
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);
        plan = await StoredPlanAsync();
        Assert.Equal(("Karstens mål", "Idas hvorfor", "Karstens handling"), (plan.Content.Goals[0].Title, plan.Content.Goals[0].Actions[0].Why, plan.Content.Goals[0].Actions[0].What));

        // Ida approves on a page older than a change of Karsten's: she is shown the merge, nothing is approved.
        var (approveTarget, idasApproval) = await employee.ReadFormAsync(Url, "handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Goals[0].Actions[0].How"] = "mentor" }, "handler=Save")).StatusCode);
        var shown = await employee.PostAsync(approveTarget, new FormUrlEncodedContent(idasApproval));
        Assert.Equal(HttpStatusCode.Conflict, shown.StatusCode);
        Assert.Null((await StoredPlanAsync()).EmployeeApproval);
        var (_, again) = (await shown.ParseAsync()).ReadForm(Url, "handler=Approve");
        Assert.Equal("mentor", again["Input.Goals[0].Actions[0].How"]);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostAsync(approveTarget, new FormUrlEncodedContent(again))).StatusCode);
        plan = await StoredPlanAsync();
        Assert.Equal(plan.Content.Hash(), plan.EmployeeApproval!.Hash);
        Assert.Equal("mentor", plan.Content.Goals[0].Actions[0].How);
    }

    /// <summary>A goal removed on one side and changed on the other is one choice about the whole goal.</summary>
    [Theory]
    [InlineData("Mine")]
    [InlineData("Theirs")]
    public async Task AGoalRemovedOnOneSide_AndChangedOnTheOther_IsKeptOrRemovedWhole(string choice)
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(Url, OneGoal(), "handler=Save")).StatusCode);
        var goal = (await StoredPlanAsync()).Content.Goals[0].Key;
        var (target, karstens) = await leader.ReadFormAsync(Url, "handler=Save");

        // Ida empties the goal: it is removed.
        var (_, idas) = await employee.ReadFormAsync(Url, "handler=Save");
        foreach (var name in idas.Keys.Where(k => k.StartsWith("Input.Goals[0].", StringComparison.Ordinal) && !k.EndsWith(".Key", StringComparison.Ordinal) && !k.EndsWith(".Status", StringComparison.Ordinal)).ToList())
        {
            idas[name] = "";
        }

        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostAsync(target, new FormUrlEncodedContent(idas))).StatusCode);
        Assert.Empty((await StoredPlanAsync()).Content.Goals);

        karstens["Input.Goals[0].Title"] = "Karstens nye titel";
        var clash = await leader.PostAsync(target, new FormUrlEncodedContent(karstens));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var page = await clash.ParseAsync();
        Assert.Equal([$"goal:{goal}"], page.QuerySelectorAll("#merge-clashes fieldset").Select(f => f.GetAttribute("data-clash")!));
        var (_, decided) = page.ReadForm(Url, "handler=Save");
        decided[$"Merge.Choice[goal:{goal}]"] = choice;
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);

        var goals = (await StoredPlanAsync()).Content.Goals;
        if (choice == "Mine")
        {
            Assert.Equal(("Karstens nye titel", "Kursus i ledningsregistrering"), (goals.Single().Title, goals.Single().Actions.Single().What));
        }
        else
        {
            Assert.Empty(goals);
        }
    }

    [Fact]
    public async Task BothSavingAtOnce_SecondGetsAConflictShowingBothPlans()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var leadersPage = await leader.GetPageAsync(Url);

        await employee.PostFormAsync(Url, OneGoal(what: "Idas handling"), formAction: "handler=Save");
        var fields = OneGoal(what: "Karstens handling");
        fields["__RequestVerificationToken"] = leadersPage.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["Version"] = leadersPage.QuerySelector("#Version")!.GetAttribute("value")!;
        var stale = await leader.PostAsync(Url + "?handler=Approve", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ParseAsync();
        Assert.Contains("Idas handling", page.QuerySelector(".alert-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Karstens handling", page.QuerySelector("#action-0-0-what")!.GetAttribute("value"));
        var stored = await StoredPlanAsync();
        Assert.Equal("Idas handling", Assert.Single(stored.Content.Actions).What);
        Assert.Null(stored.LeaderApproval);
    }

    [Fact]
    public async Task GoesFurtherTextWithoutTheMark_IsRefusedWithAMessage_AndTheTypingStays()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var fields = OneGoal();
        fields["Input.Goals[0].Actions[0].GoesFurtherText"] = "Kursusansøgning";

        var response = await employee.PostFormAsync(Url, fields, formAction: "handler=Save");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("Sæt kryds", page.QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kursusansøgning", page.QuerySelector("#action-0-0-further-text")!.TextContent);
        Assert.Empty((await StoredPlanAsync()).Content.Goals);
    }

    [Fact]
    public async Task AnInvalidDate_IsAClearMessage_NotAnError()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var fields = OneGoal();
        fields["Input.Goals[0].Actions[0].ByWhen"] = "31. februar";

        var response = await employee.PostFormAsync(Url, fields, formAction: "handler=Save");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("31. februar", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.OtherEmployee)]
    [InlineData(DemoPeople.OtherLeader)]
    public async Task AnyoneButTheTwo_GetsNotFound_AndChangesNothing(string email)
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, OneGoal(), formAction: "handler=Save")).StatusCode);
        var outsider = await App.SignedInAsync(email);
        var token = (await outsider.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await DatabaseFingerprint.TakeAsync(App);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Url + "/pdf")).StatusCode);
        foreach (var handler in new[] { "Save", "Approve", "Amend" })
        {
            var fields = OneGoal(what: "Overskrevet");
            fields["__RequestVerificationToken"] = token;
            fields["Version"] = "1";
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"{Url}?handler={handler}", new FormUrlEncodedContent(fields))).StatusCode);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }
}
