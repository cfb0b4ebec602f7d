using System.Net;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Pages.Guidance;

/// <summary>The guidance per role and phase, beside the pages where it is needed, with HR's own paragraph under ours.</summary>
public sealed class GuidanceTests : IdasConversationTest
{
    [Fact]
    public async Task EachRole_HasItsGuidance_AndAnUnknownRoleIsNotFound()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);

        var employee = (await ida.GetPageAsync("/guidance/employee")).QuerySelector("main")!.TextContent;
        var leader = (await ida.GetPageAsync("/guidance/leader")).QuerySelector("main")!.TextContent;

        Assert.Contains("Vejledning til medarbejderen", employee, StringComparison.Ordinal);
        Assert.Contains("Hvad bygger du det på?", employee, StringComparison.Ordinal);
        Assert.Contains("ikke en lønforhandling", employee, StringComparison.Ordinal);
        Assert.Contains("seniorsamtale", leader, StringComparison.Ordinal);
        Assert.DoesNotContain("seniorsamtale", employee, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ida.GetAsync("/guidance/director")).StatusCode);
    }

    [Fact]
    public async Task HrsParagraph_StandsUnderOurs_OnTheGuidanceAndBesideEachPhase()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var beside = (await ida.GetPageAsync($"/conversations/{ConversationId}/preparation")).QuerySelector("details.details")!;
        Assert.Contains("Sæt en halv time af", beside.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Fra jeres HR", beside.TextContent, StringComparison.Ordinal);

        var response = await hr.PostFormAsync("/guidance/organisation", new Dictionary<string, string>
        {
            ["Input.Prepare"] = "Personalepolitikken ligger på intranettet under Mig og mit arbejde.",
            ["Input.Plan"] = "Kurser bookes gennem HR-portalen.",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Personalepolitikken ligger på intranettet", (await ida.GetPageAsync($"/conversations/{ConversationId}/preparation")).QuerySelector("details.details")!.TextContent, StringComparison.Ordinal);
        var leaders = (await karsten.GetPageAsync($"/conversations/{ConversationId}/preparation")).QuerySelector("details.details")!.TextContent;
        Assert.Contains("Forbered konkret feedback", leaders, StringComparison.Ordinal);
        Assert.Contains("Personalepolitikken ligger på intranettet", leaders, StringComparison.Ordinal);
        Assert.Contains("Kurser bookes gennem HR-portalen.", (await ida.GetPageAsync($"/conversations/{ConversationId}/plan")).QuerySelector("details.details")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Kurser bookes", (await ida.GetPageAsync($"/conversations/{ConversationId}")).QuerySelector("details.details")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Kurser bookes gennem HR-portalen.", (await ida.GetPageAsync("/guidance/leader")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHrUsers_TheSecondIsTold_AndKeepsWhatTheyTyped()
    {
        var first = await App.SignedInAsync(DemoPeople.Hr);
        var second = await App.SignedInAsync(DemoPeople.Hr);
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/guidance/organisation", new Dictionary<string, string> { ["Input.After"] = "Første" })).StatusCode);
        var (target, stale) = await second.ReadFormAsync("/guidance/organisation");
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/guidance/organisation", new Dictionary<string, string> { ["Input.After"] = "Anden" })).StatusCode);

        stale["Input.After"] = "Tredje";
        var response = await second.PostAsync(target, new FormUrlEncodedContent(stale));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("En anden har ændret", page.QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Tredje", page.QuerySelector("textarea[name='Input.After']")!.TextContent.Trim());
        Assert.Contains("Anden", (await first.GetPageAsync("/guidance/employee")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
