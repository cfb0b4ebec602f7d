using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Pages.Rounds;

namespace Mus.Tests.Pages.Organisation;

/// <summary>HR keeps the job groups' competence standards; employee and leader rate against them.</summary>
public sealed class CompetenceStandardTests : IdasConversationTest
{
    private Task<int> GroupIdAsync(string name) => App.WithDbAsync(db => db.JobGroups.Where(g => g.Name == name).Select(g => g.Id).SingleAsync());

    [Fact]
    public async Task Hr_RewordsAddsAndRemovesCompetences_KeepingTheKeysOfThoseThatStay()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var id = await GroupIdAsync("Kundeservice");
        var before = await App.WithDbAsync(db => db.JobGroups.SingleAsync(g => g.Id == id));

        var saved = await hr.PostFormAsync($"/organisation/job-groups/{id}", new Dictionary<string, string>
        {
            ["Rows[0].Name"] = "Rådgivning af private og erhvervskunder",
            ["Rows[1].Name"] = "",
            ["Rows[4].Name"] = "Digital selvbetjening",
            ["Rows[4].ExpectedLevel"] = "2",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = (await App.WithDbAsync(db => db.JobGroups.SingleAsync(g => g.Id == id))).Competences;
        Assert.Equal(["Rådgivning af private og erhvervskunder", "Skriftlig kommunikation", "Rolig håndtering af svære samtaler", "Digital selvbetjening"], after.Select(c => c.Name));
        Assert.Equal(before.Competences[0].Key, after[0].Key);
        Assert.Equal(2, after[3].ExpectedLevel);
        Assert.Contains("4", (await hr.GetPageAsync("/organisation/job-groups")).QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoCompetencesWithOneName_AreRefused_AndNothingChanges()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var id = await GroupIdAsync("Kundeservice");
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await hr.PostFormAsync($"/organisation/job-groups/{id}", new Dictionary<string, string> { ["Rows[1].Name"] = "Rådgivning af kunder" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("samme navn", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Afregning og målere", (await App.WithDbAsync(db => db.JobGroups.SingleAsync(g => g.Id == id))).Competences[1].Name);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }

    [Fact]
    public async Task TwoHrTabs_SecondSaveIsAConflict_ShowingWhatIsStored()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var id = await GroupIdAsync("Ledere");
        var secondTab = await hr.GetPageAsync($"/organisation/job-groups/{id}");
        await hr.PostFormAsync($"/organisation/job-groups/{id}", new Dictionary<string, string> { ["Rows[3].Name"] = "Fra første fane" });

        var stale = await hr.PostAsync($"/organisation/job-groups/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = secondTab.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = secondTab.QuerySelector("#Version")!.GetAttribute("value")!,
            ["Rows[0].Name"] = "Fra anden fane",
        }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Fra første fane", (await stale.ParseAsync()).QuerySelector(".alert-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Fra første fane", (await App.WithDbAsync(db => db.JobGroups.SingleAsync(g => g.Id == id))).Standard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.CurrentLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task OnlyHr_EditsStandards(string email)
    {
        var client = await App.SignedInAsync(email);
        var id = await GroupIdAsync("Ledere");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/organisation/job-groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/organisation/job-groups/{id}")).StatusCode);
    }

    /// <summary>A round on the quality-standard template for the customer service unit; Julie Ravn's conversation in it.</summary>
    private async Task<int> JuliesQualityStandardConversationAsync()
    {
        var kunde = await App.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == "KUNDE").Select(u => u.Id).SingleAsync());
        var template = await App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "quality-standard").Select(v => v.Id).SingleAsync());
        var today = DateOnly.FromDateTime(TestClock.UtcNow.UtcDateTime);
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoundOpener>().OpenAsync(new RoundOpener.Request("Kvalitetsstandard", today.Year, template, null, [kunde], today.AddDays(7), today.AddDays(30)));
        }

        var id = await App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.OtherEmployee && c.Round!.Name == "Kvalitetsstandard").Select(c => c.Id).SingleAsync());
        return id;
    }

    [Fact]
    public async Task RatingsAgainstTheStandard_MeetInTheCompetenceView_WithGapsMarked_OnceShared()
    {
        var id = await JuliesQualityStandardConversationAsync();
        var keys = await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.OtherEmployee).Select(p => p.JobGroup!.Standard).SingleAsync());
        var advice = Mus.Web.Domain.Competence.ReadStandard(keys)[0];
        var employee = await App.SignedInAsync(DemoPeople.OtherEmployee);
        var leader = await App.SignedInAsync(DemoPeople.OtherLeader);
        var preparation = await employee.GetPageAsync($"/conversations/{id}/preparation");
        Assert.Contains("Rådgivning af kunder (forventet niveau 4)", preparation.QuerySelector("main form")!.TextContent, StringComparison.Ordinal);

        await employee.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { [$"Answers[assessment-self--{advice.Key}]"] = "2" }, formAction: "handler=Share");
        await leader.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { [$"Answers[assessment-leader--{advice.Key}]"] = "4" }, formAction: "handler=Save");

        var beforeSharing = (await leader.GetPageAsync($"/conversations/{id}")).QuerySelector("#competence-view tbody tr")!.TextContent;
        Assert.Contains("Under forventet", beforeSharing, StringComparison.Ordinal);
        Assert.DoesNotContain("I vurderer forskelligt", beforeSharing, StringComparison.Ordinal);
        Assert.Equal("–", (await employee.GetPageAsync($"/conversations/{id}")).QuerySelectorAll("#competence-view tbody tr td")[2].TextContent.Trim());

        await leader.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string>(), formAction: "handler=Share");
        var row = (await employee.GetPageAsync($"/conversations/{id}")).QuerySelectorAll("#competence-view tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("4", row[0]);
        Assert.Equal("2", row[1]);
        Assert.Equal("4", row[2]);
        Assert.Contains("I vurderer forskelligt", row[3], StringComparison.Ordinal);
        Assert.Equal(ConversationStatus.Preparing, await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
    }
    [Fact]
    public async Task ACompetenceBothRateBelowTheStandard_IsSuggestedOnThePlanPage_OnceBothShared_AndNothingIsAddedByItself()
    {
        var id = await JuliesQualityStandardConversationAsync();
        var standard = Mus.Web.Domain.Competence.ReadStandard(await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.OtherEmployee).Select(p => p.JobGroup!.Standard).SingleAsync()));
        var (low, other) = (standard[0], standard[1]);
        var employee = await App.SignedInAsync(DemoPeople.OtherEmployee);
        var leader = await App.SignedInAsync(DemoPeople.OtherLeader);
        var below = (low.ExpectedLevel - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await employee.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { [$"Answers[assessment-self--{low.Key}]"] = below, [$"Answers[assessment-self--{other.Key}]"] = "1" }, formAction: "handler=Share");
        await leader.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { [$"Answers[assessment-leader--{low.Key}]"] = "1", [$"Answers[assessment-leader--{other.Key}]"] = "5" }, formAction: "handler=Save");

        // The leader has not shared: the employee learns nothing of the leader's rating from a suggestion.
        Assert.Null((await employee.GetPageAsync($"/conversations/{id}/plan")).QuerySelector("#plan-gaps"));

        await leader.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string>(), formAction: "handler=Share");

        var plan = await employee.GetPageAsync($"/conversations/{id}/plan");
        var suggestion = plan.QuerySelector("#plan-gaps")!.TextContent;
        Assert.Contains($"{low.Name}: I vurderede begge under det forventede niveau {low.ExpectedLevel} (medarbejderen {below}, lederen 1)", suggestion, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Name, suggestion, StringComparison.Ordinal);
        Assert.NotNull((await leader.GetPageAsync($"/conversations/{id}/plan")).QuerySelector("#plan-gaps"));
        Assert.False(await App.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan)));

        // Once the plan names the competence, it is not suggested again.
        await employee.PostFormAsync($"/conversations/{id}/plan", new Dictionary<string, string>
        {
            ["Input.Goals[0].Title"] = "Blive bedre til kunderne",
            ["Input.Goals[0].Actions[0].What"] = "Sidemandsoplæring hos Bente",
            ["Input.Goals[0].Actions[0].Why"] = low.Name,
        }, formAction: "handler=Save");
        Assert.Null((await employee.GetPageAsync($"/conversations/{id}/plan")).QuerySelector("#plan-gaps"));
    }
}
