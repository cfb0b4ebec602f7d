using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Pages.Templates;

/// <summary>HR copies templates, edits drafts and publishes versions; running conversations keep theirs.</summary>
public sealed class TemplateEditingTests : IdasConversationTest
{
    private Task<int> TemplateIdAsync(string builtInKey) => App.WithDbAsync(db => db.Templates.Where(t => t.BuiltInKey == builtInKey).Select(t => t.Id).SingleAsync());

    private static string? DraftId(HttpResponseMessage redirect) => redirect.Headers.Location?.OriginalString.Split('/').Last();

    [Fact]
    public async Task Hr_CopiesATemplate_EditsTheDraft_AndPublishesIt_ForNewRounds()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var copied = await hr.PostFormAsync("/templates", new Dictionary<string, string> { ["templateId"] = (await TemplateIdAsync("four-themes")).ToString() }, formAction: "handler=Copy");
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        var draft = $"/templates/versions/{DraftId(copied)}";
        var form = await hr.GetPageAsync(draft);
        Assert.Equal("Kopi af Fire temaer", form.QuerySelector("#template-name")!.GetAttribute("value"));
        var lastSection = form.QuerySelectorAll("[id^=section-][id$=-title]").Length - 1;

        var published = await hr.PostFormAsync(draft, new Dictionary<string, string>
        {
            ["Name"] = "Fire temaer for vagtholdet",
            ["Input.Sections[2].Questions[0].Text"] = "Hvilken vagt gik bedst i år?",
            [$"Input.Sections[{lastSection}].Title"] = "Vagtordningen",
            [$"Input.Sections[{lastSection}].Questions[0].Text"] = "Hvordan fungerer vagtordningen for dig?",
            [$"Input.Sections[{lastSection}].Questions[0].Kind"] = "Scale",
            [$"Input.Sections[{lastSection}].Questions[0].Audience"] = "EmployeePreparation",
        }, formAction: "handler=Publish");

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var version = await App.WithDbAsync(db => db.TemplateVersions.Include(v => v.Template).SingleAsync(v => v.Template!.Name == "Fire temaer for vagtholdet"));
        Assert.True(version.IsPublished);
        var questions = version.Document.Sections.SelectMany(s => s.Questions).ToList();
        Assert.Contains(questions, q => q.Text == "Hvilken vagt gik bedst i år?" && q.Key == "tasks-success");
        Assert.Contains(questions, q => q.Text == "Hvordan fungerer vagtordningen for dig?" && q.Kind == Mus.Web.Domain.Templates.QuestionKind.Scale);
        Assert.Contains("Fire temaer for vagtholdet (v1)", await hr.GetStringAsync("/rounds/open"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewVersionOfATemplateInUse_LeavesRunningConversationsOnTheirVersion()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var started = await hr.PostFormAsync("/templates", new Dictionary<string, string> { ["templateId"] = (await TemplateIdAsync("four-themes")).ToString() }, formAction: "handler=NewVersion");
        var draft = $"/templates/versions/{DraftId(started)}";

        await hr.PostFormAsync(draft, new Dictionary<string, string> { ["Input.Sections[2].Questions[0].Text"] = "Ny formulering i version 2" }, formAction: "handler=Publish");

        var versions = await App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "four-themes").OrderBy(v => v.Number).ToListAsync());
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.All(versions, v => Assert.True(v.IsPublished));
        var preparation = await (await App.SignedInAsync(DemoPeople.Employee)).GetStringAsync($"/conversations/{ConversationId}/preparation");
        Assert.Contains("Hvilke opgaver er lykkedes særligt godt", preparation, StringComparison.Ordinal);
        Assert.DoesNotContain("Ny formulering i version 2", preparation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishedVersion_RefusesChanges()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var id = await App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "senior").Select(v => v.Id).SingleAsync());
        var before = await App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Id == id).Select(v => v.Content).SingleAsync());
        var token = (await hr.GetPageAsync("/templates")).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await hr.PostAsync($"/templates/versions/{id}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Name"] = "Ændret",
            ["Input.Sections[0].Title"] = "Ændret",
            ["Input.Sections[0].Questions[0].Text"] = "Ændret",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Id == id).Select(v => v.Content).SingleAsync()));
        Assert.Equal("Seniorsamtale", await App.WithDbAsync(db => db.Templates.Where(t => t.BuiltInKey == "senior").Select(t => t.Name).SingleAsync()));
    }

    [Fact]
    public async Task PublishingAnEmptyDraft_IsRefusedWithAMessage()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var copied = await hr.PostFormAsync("/templates", new Dictionary<string, string> { ["templateId"] = (await TemplateIdAsync("follow-up")).ToString() }, formAction: "handler=Copy");
        var draft = $"/templates/versions/{DraftId(copied)}";
        var page = await hr.GetPageAsync(draft);
        var fields = page.QuerySelectorAll("main form input[name$='.Text'], main form input[name$='.Title']").ToDictionary(i => i.GetAttribute("name")!, _ => "");

        var response = await hr.PostFormAsync(draft, fields, formAction: "handler=Publish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mindst ét spørgsmål", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.CurrentLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task OnlyHr_ReachesTheTemplates(string email)
    {
        var client = await App.SignedInAsync(email);
        var token = (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var templates = await App.WithDbAsync(db => db.Templates.CountAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/templates/versions/1")).StatusCode);
        var copy = await client.PostAsync("/templates?handler=Copy", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["templateId"] = "1" }));
        Assert.Equal(HttpStatusCode.Forbidden, copy.StatusCode);
        Assert.Equal(templates, await App.WithDbAsync(db => db.Templates.CountAsync()));
    }
}
