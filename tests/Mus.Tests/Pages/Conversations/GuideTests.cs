using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Conversations;

/// <summary>The shared guide of Ida Brandt's conversation with Karsten Lund.</summary>
public sealed class GuideTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}";

    private Task<SharedNotes> StoredNotesAsync() => App.WithDbAsync(async db =>
        SharedNotes.Read((await db.ConversationParts.Where(p => p.ConversationId == ConversationId && p.Kind == PartKind.SharedNotes).SingleOrDefaultAsync())?.Content));

    [Fact]
    public async Task AutosavesOfTheGuide_PutNoReadOfTheSharedPreparationsOnRecord_ShowingThePageDoes()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Delt med Karsten" }, formAction: "handler=Share")).StatusCode);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var karstenId = await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.CurrentLeader).Select(p => p.Id).SingleAsync());
        Task<int> ReadsOfHersAsync() => App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == karstenId && a.Action == Mus.Web.Infrastructure.Audit.AuditAction.Read && a.Compartment == PartKind.EmployeePreparation));

        var before = await ReadsOfHersAsync();
        var (target, form) = await karsten.ReadFormAsync(Url);
        var shown = await ReadsOfHersAsync();
        Assert.True(shown > before, "the guide shows her shared preparation, and that read is on record");

        for (var autosave = 0; autosave < 3; autosave++)
        {
            form["Input.Answers[tasks-notes]"] = $"Noter {autosave}";
            var saved = await karsten.PostAsync(Url + "?handler=Autosave", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            form["Version"] = System.Text.Json.JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal("Noter 2", (await StoredNotesAsync()).Answers["tasks-notes"]);
        Assert.Equal(shown, await ReadsOfHersAsync());
    }

    [Fact]
    public async Task NotesWrittenByOne_AreReadByTheOther_WithTheAgendaInTheAgreedOrder()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        var saved = await employee.PostFormAsync(Url, new Dictionary<string, string>
        {
            ["Input.Priority[relations]"] = "1",
            ["Input.Priority[tasks]"] = "2",
            ["Input.Answers[tasks-notes]"] = "Vi aftalte at dele vagtplanen på en ny måde.",
            ["Input.ToLeader.Praise"] = "Du giver mig plads til at prøve ting af.",
            ["Input.Summary"] = "Ida tager styringen på vagtplanen fra marts.",
        }, formAction: "handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await leader.GetPageAsync(Url);
        Assert.Equal("Vi aftalte at dele vagtplanen på en ny måde.", page.QuerySelector("#answer-tasks-notes")!.TextContent);
        Assert.Equal("Du giver mig plads til at prøve ting af.", page.QuerySelector("#ToLeader-Praise")!.TextContent);
        var themes = page.QuerySelectorAll("main section h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.NotEmpty(themes);
        Assert.True(themes.IndexOf("Relationer og ledelse") < themes.IndexOf("Opgaver"), string.Join(", ", themes));
        Assert.True(themes.IndexOf("Opgaver") < themes.IndexOf("Tilbageblik"), string.Join(", ", themes));
        var notes = await StoredNotesAsync();
        Assert.Equal(["relations", "tasks"], notes.Agenda);
        var idasId = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == DemoPeople.EmployeeNumber).Select(p => p.Id).SingleAsync());
        Assert.Equal(idasId, notes.SummaryWriterId);
    }

    [Fact]
    public async Task BothSavingAtOnce_SecondGetsAConflictShowingBothTexts_AndNothingIsOverwritten()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var leadersPage = await leader.GetPageAsync(Url);

        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "Idas version af noterne" }, formAction: "handler=Save");
        var stale = await leader.PostAsync(Url + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = leadersPage.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = leadersPage.QuerySelector("#Version")!.GetAttribute("value")!,
            ["Input.Answers[tasks-notes]"] = "Karstens version af noterne",
        }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ParseAsync();
        Assert.Contains("Idas version af noterne", page.QuerySelector(".alert-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Karstens version af noterne", page.QuerySelector("#answer-tasks-notes")!.TextContent);
        Assert.Equal("Idas version af noterne", (await StoredNotesAsync()).Answers["tasks-notes"]);
    }

    /// <summary>
    /// The sequence an outside tester lost a note with: Ida saves a note in one field; Karsten, whose
    /// page is older, writes in another field and saves, then presses save again on that page. Both
    /// notes stand. Then both change the same field: Karsten is shown both texts and must choose.
    /// </summary>
    [Fact]
    public async Task AStaleSave_KeepsTheOthersNewerField_AndAFieldBothChangedWaitsForAChoice()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var (target, stale) = await leader.ReadFormAsync(Url, "handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "Idas note" }, "handler=Save")).StatusCode);
        stale["Input.Answers[relations-notes]"] = "Karstens note";
        var merged = await leader.PostAsync(target, new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Contains("taget med", (await leader.GetPageAsync(Url)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var again = await leader.PostAsync(target, new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var notes = await StoredNotesAsync();
        Assert.Equal(("Idas note", "Karstens note"), (notes.Answers["tasks-notes"], notes.Answers["relations-notes"]));

        // Both write the summary on pages loaded before either saved.
        var (_, idas) = await employee.ReadFormAsync(Url, "handler=Save");
        var (_, karstens) = await leader.ReadFormAsync(Url, "handler=Save");
        idas["Input.Summary"] = "Idas opsummering";
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostAsync(target, new FormUrlEncodedContent(idas))).StatusCode);
        karstens["Input.Summary"] = "Karstens opsummering";
        karstens["Input.ToEmployee.Praise"] = "Godt arbejde med vagtplanen";
        var clash = await leader.PostAsync(target, new FormUrlEncodedContent(karstens));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var page = await clash.ParseAsync();
        var panel = page.QuerySelector("#merge-clashes")!;
        Assert.Equal(["summary"], panel.QuerySelectorAll("fieldset").Select(f => f.GetAttribute("data-clash")!));
        Assert.Equal("Karstens opsummering", panel.QuerySelector("[data-side=mine]")!.TextContent);
        Assert.Equal("Idas opsummering", panel.QuerySelector("[data-side=theirs]")!.TextContent);
        Assert.Equal("Idas opsummering", (await StoredNotesAsync()).Summary);

        // Saved again without a choice: refused, nothing written.
        var (_, undecided) = page.ReadForm(Url, "handler=Save");
        var before = await DatabaseFingerprint.TakeAsync(App);
        var refused = await leader.PostAsync(target, new FormUrlEncodedContent(undecided));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Vælg for hvert felt", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        // Only the page's read of the notes is on record; nothing is written.
        Assert.Equal(["AuditEntries"], DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));

        // He keeps his own summary: it stands, and nothing else anyone wrote is lost.
        undecided["Merge.Choice[summary]"] = "Mine";
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(undecided))).StatusCode);
        notes = await StoredNotesAsync();
        Assert.Equal(("Karstens opsummering", "Godt arbejde med vagtplanen", "Idas note", "Karstens note"), (notes.Summary, notes.ToEmployee.Praise, notes.Answers["tasks-notes"], notes.Answers["relations-notes"]));
    }

    [Fact]
    public async Task AClashResolvedForTheOthersText_StoresTheirs()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var (target, karstens) = await leader.ReadFormAsync(Url, "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Answers[closing-followup]"] = "Idas tekst" }, "handler=Save")).StatusCode);
        karstens["Input.Answers[closing-followup]"] = "Karstens tekst";
        var clash = await leader.PostAsync(target, new FormUrlEncodedContent(karstens));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);

        var (_, decided) = (await clash.ParseAsync()).ReadForm(Url, "handler=Save");
        decided["Merge.Choice[answer:closing-followup]"] = "Theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);

        Assert.Equal("Idas tekst", (await StoredNotesAsync()).Answers["closing-followup"]);
    }

    [Fact]
    public async Task SharedPreparations_AppearSideBySide_UnsharedOnesDoNot()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Pumpestationen kom i drift til tiden." }, formAction: "handler=Share")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Privat: overvejer omrokering." }, formAction: "handler=Save")).StatusCode);
        // The leader's private note exists: he reads it in his own preparation.
        Assert.Contains("Privat: overvejer omrokering.", await leader.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);

        var leadersView = await leader.GetStringAsync(Url);
        var employeesView = await employee.GetStringAsync(Url);

        Assert.Contains("Pumpestationen kom i drift til tiden.", leadersView, StringComparison.Ordinal);
        Assert.Contains("Pumpestationen kom i drift til tiden.", employeesView, StringComparison.Ordinal);
        Assert.DoesNotContain("overvejer omrokering", employeesView, StringComparison.Ordinal);
        Assert.Contains("Karsten Lund har ikke delt sin forberedelse.", employeesView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaderMarksTheConversationHeld_WhichSavesTheNotes_AndClosesThePreparations()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        var employeeTriesHeld = await employee.PostAsync(Url + "?handler=Held", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = (await employee.GetPageAsync(Url)).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.NotFound, employeeTriesHeld.StatusCode);

        var held = await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Answers[closing-followup]"] = "Opfølgning i juni, Karsten inviterer." }, formAction: "handler=Held");

        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        var conversation = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal(ConversationStatus.Held, conversation.Status);
        Assert.NotNull(conversation.HeldAt);
        Assert.Equal("Opfølgning i juni, Karsten inviterer.", (await StoredNotesAsync()).Answers["closing-followup"]);
        var preparationPage = await employee.GetPageAsync($"/conversations/{ConversationId}/preparation");
        Assert.Empty(preparationPage.QuerySelectorAll("main button"));
        var preparation = await employee.PostAsync($"/conversations/{ConversationId}/preparation?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = preparationPage.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Answers[tasks-success]"] = "Efter samtalen",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, preparation.StatusCode);
    }

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.OtherEmployee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task AnyoneButTheTwo_GetsNotFound_ForReadingAndWriting(string email)
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "Kun for os to" }, formAction: "handler=Save");
        var outsider = await App.SignedInAsync(email);
        var token = (await outsider.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Url)).StatusCode);
        foreach (var handler in new[] { "Save", "Autosave", "Held" })
        {
            var write = await outsider.PostAsync($"{Url}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Answers[tasks-notes]"] = "Overskrevet",
            }));
            Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        }

        Assert.Equal("Kun for os to", (await StoredNotesAsync()).Answers["tasks-notes"]);
        Assert.Equal(ConversationStatus.Preparing, await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.Status).SingleAsync()));
    }
}
