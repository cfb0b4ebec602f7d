using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Pages.Rounds;

namespace Mus.Tests.Pages.Rounds;

public sealed class OpenRoundTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private Task<int> UnitIdAsync(string code) => app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private Task<int> TemplateVersionAsync(string key) => app.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == key).Select(v => v.Id).SingleAsync());

    [Fact]
    public async Task EveryBuiltInTemplate_IsPublished_WithQuestionsForBothParties()
    {
        var versions = await app.WithDbAsync(db => db.TemplateVersions.Include(v => v.Template).ToListAsync());

        Assert.Equal(8, versions.Count);
        Assert.All(versions, v =>
        {
            Assert.True(v.IsPublished);
            Assert.NotEmpty(v.Document.QuestionsFor(Mus.Web.Domain.Templates.QuestionAudience.EmployeePreparation));
            Assert.NotEmpty(v.Document.QuestionsFor(Mus.Web.Domain.Templates.QuestionAudience.Conversation));
        });
        Assert.Throws<DomainException>(() => versions[0].SetDocument(versions[0].Document));
    }

    [Fact]
    public async Task OpenPage_AsHr_CreatesOneConversationPerEmployeeWithALeaderInScope()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.HrEmail, DemoOrganisation.Password);
        var customerService = await UnitIdAsync("KUNDE");

        var response = await client.PostFormAsync("/rounds/open", new Dictionary<string, string>
        {
            ["Input.Name"] = "Kundeservice ekstra",
            ["Input.TemplateVersionId"] = (await TemplateVersionAsync("four-needs")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.UnitIds"] = customerService.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var location = response.Location();
        Assert.StartsWith("/Rounds/Progress/", location, StringComparison.Ordinal);
        var roundId = int.Parse(location.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var employees = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == roundId).Select(c => c.Employee!.EmployeeNumber).ToListAsync());
        Assert.Equal(11, employees.Count);
        Assert.Contains("1031", employees);
        Assert.Contains("1030", employees);
        // Each is counted where they are as the round opens: unit and job group kept on the conversation.
        var counted = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == roundId).Select(c => new { c.UnitIdAtRound, c.JobGroupIdAtRound, c.Employee!.OrgUnitId, c.Employee.JobGroupId }).ToListAsync());
        Assert.All(counted, c => Assert.Equal((c.OrgUnitId, c.JobGroupId), (c.UnitIdAtRound!.Value, c.JobGroupIdAtRound)));
        Assert.Contains(counted, c => c.JobGroupIdAtRound is not null);
        var page = await client.GetPageAsync(location);
        Assert.Contains("11 samtaler", page.QuerySelector(".alert-success")!.TextContent);
    }

    [Fact]
    public async Task OpenRound_WithSubUnits_IncludesThem_AndSkipsPeopleWithoutLeader()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var opener = scope.ServiceProvider.GetRequiredService<RoundOpener>();
        var today = DateOnly.FromDateTime(TestClock.UtcNow.UtcDateTime);

        var opened = await opener.OpenAsync(new RoundOpener.Request("Alle", today.Year, await TemplateVersionAsync("standard"), null, [await UnitIdAsync("DIR")], today, today.AddDays(30)));

        Assert.Equal(39, opened.Conversations);
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == "Alle").Select(r => r.Id).SingleAsync());
        var employees = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round).Select(c => c.Employee!.EmployeeNumber).ToListAsync());
        // People of every unit below the director's (operations, customers, projects) are in; the director, who has no leader, is not.
        Assert.Equal(39, employees.Distinct().Count());
        Assert.Contains("1011", employees);
        Assert.Contains("1031", employees);
        Assert.Contains("1051", employees);
        Assert.DoesNotContain("1001", employees);
    }

    public static TheoryData<string, int, int, string> BadRounds => new()
    {
        { "deadline in the past", -1, 10, "allerede overskredet" },
        { "conversation before preparation", 10, 5, "før forberedelsesfristen" },
    };

    [Theory]
    [MemberData(nameof(BadRounds))]
    public async Task OpenPage_WithImpossibleDates_Shows400AndOpensNothing(string because, int preparationInDays, int conversationInDays, string message)
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.HrEmail, DemoOrganisation.Password);
        var today = DateOnly.FromDateTime(TestClock.UtcNow.UtcDateTime);
        var roundsBefore = await app.WithDbAsync(db => db.Rounds.CountAsync());

        var response = await client.PostFormAsync("/rounds/open", new Dictionary<string, string>
        {
            ["Input.UnitIds"] = (await UnitIdAsync("KUNDE")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.PreparationDeadline"] = today.AddDays(preparationInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.ConversationDeadline"] = today.AddDays(conversationInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, because);
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(roundsBefore, await app.WithDbAsync(db => db.Rounds.CountAsync()));
    }

    [Fact]
    public async Task OpenPage_WithUnknownTemplateAndNoUnits_Shows400()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.HrEmail, DemoOrganisation.Password);

        var response = await client.PostFormAsync("/rounds/open", new Dictionary<string, string> { ["Input.TemplateVersionId"] = "99999" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Vælg mindst én enhed", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressPage_ShowsCountsButNoContent()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.HrEmail, DemoOrganisation.Password);
        var roundId = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());

        var page = await client.GetPageAsync($"/rounds/progress/{roundId}");

        Assert.Contains("39", page.QuerySelector(".site-facts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(39, page.QuerySelectorAll("table:not(#units) tbody tr").Length);
        Assert.DoesNotMatch("/conversations/[0-9]+/preparation", page.DocumentElement.OuterHtml);
    }
}
