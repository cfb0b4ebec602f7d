using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;

namespace Mus.Tests.Pages.Forwarded;

/// <summary>"Goes further" items reach HR exactly as worded, only once both have approved, and nothing else does.</summary>
public sealed class ForwardedTests : IdasConversationTest
{
    private const string Request = "Kursusønske: SRO for viderekomne, 3 dage, efteråret";

    private string PlanUrl => $"/conversations/{ConversationId}/plan";

    private Task<ForwardedItems> StoredAsync() => App.WithDbAsync(async db =>
        ForwardedItems.Read((await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.Forwarded))?.Content));

    [Fact]
    public async Task AnItemReachesHr_OnlyWhenBothHaveApproved_AsWorded_AndNothingElseOfThePlanDoes()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        await employee.PostFormAsync(PlanUrl, PlanTests.OneGoal(what: "Privat handling om trivsel", goesFurther: Request), formAction: "handler=Approve");

        Assert.DoesNotContain(Request, await hr.GetStringAsync("/forwarded"), StringComparison.Ordinal);

        await leader.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Approve");
        var page = await hr.GetStringAsync("/forwarded");

        Assert.Contains(Request, page, StringComparison.Ordinal);
        Assert.Contains("Ida Brandt", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Privat handling om trivsel", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Blive selvkørende i GIS", page, StringComparison.Ordinal);
        Assert.Equal(ForwardedStatus.Received, (await StoredAsync()).Items.Single(i => i.Text == Request).Status);
    }

    [Fact]
    public async Task HrSetsAStatus_AndAStaleSaveOverwritesNothing()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await employee.PostFormAsync(PlanUrl, PlanTests.OneGoal(goesFurther: Request), formAction: "handler=Approve");
        await leader.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Approve");
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var stalePage = await hr.GetPageAsync("/forwarded");
        var row = stalePage.QuerySelectorAll("#forwarded tbody tr").Single(r => r.TextContent.Contains(Request, StringComparison.Ordinal));
        var fields = row.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["__RequestVerificationToken"] = stalePage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        fields["status"] = "Granted";
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostAsync("/forwarded", new FormUrlEncodedContent(fields))).StatusCode);
        fields["status"] = "Declined";
        var stale = await hr.PostAsync("/forwarded", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(ForwardedStatus.Granted, (await StoredAsync()).Items.Single(i => i.Text == Request).Status);
        Assert.Contains("ændret i mellemtiden", await hr.GetStringAsync("/forwarded"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStatusNotInTheList_IsRefused_AndNothingChanges()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(PlanUrl, PlanTests.OneGoal(goesFurther: Request), formAction: "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var page = await hr.GetPageAsync("/forwarded");
        var row = page.QuerySelectorAll("#forwarded tbody tr").Single(r => r.TextContent.Contains(Request, StringComparison.Ordinal));
        var fields = row.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["status"] = "Approved-by-me";
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await hr.PostAsync("/forwarded", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ForwardedStatus.Received, (await StoredAsync()).Items.Single(i => i.Text == Request).Status);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
        Assert.Contains("Vælg en af mulighederne", await hr.GetStringAsync("/forwarded"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARewordedItem_InAnAmendedPlan_ArrivesAsANewItem_TheOldKeepsItsStatus()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(PlanUrl, PlanTests.OneGoal(goesFurther: Request), formAction: "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);
        Assert.Equal([(Request, 1)], (await StoredAsync()).Items.Select(i => (i.Text, i.PlanNumber)));

        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Amend")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync(PlanUrl, new Dictionary<string, string> { ["Input.Goals[0].Actions[0].GoesFurtherText"] = Request + " (gerne online)" }, formAction: "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(PlanUrl, new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);

        var items = (await StoredAsync()).Items;
        Assert.Equal([(Request, 1), (Request + " (gerne online)", 2)], items.Select(i => (i.Text, i.PlanNumber)));
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.CurrentLeader)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task OnlyHr_SeesTheList(string email)
    {
        var client = await App.SignedInAsync(email);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/forwarded")).StatusCode);
    }

    [Fact]
    public async Task TheDemo_HasLastYearsGrantedCourse()
    {
        var page = await (await App.SignedInAsync(DemoPeople.Hr)).GetPageAsync("/forwarded");

        var row = Assert.Single(page.QuerySelectorAll("#forwarded tbody tr"));
        Assert.Contains("Kursusønske: leverandørens grundkursus i SRO, to dage", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Granted", row.QuerySelector("option[selected]")!.GetAttribute("value"));
    }
}
