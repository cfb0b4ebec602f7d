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

    [Fact]
    public async Task SharedPreparations_AppearSideBySide_UnsharedOnesDoNot()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/preparation/{ConversationId}", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Pumpestationen kom i drift til tiden." }, formAction: "handler=Share")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync($"/preparation/{ConversationId}", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Privat: overvejer omrokering." }, formAction: "handler=Save")).StatusCode);
        // The leader's private note exists: he reads it in his own preparation.
        Assert.Contains("Privat: overvejer omrokering.", await leader.GetStringAsync($"/preparation/{ConversationId}"), StringComparison.Ordinal);

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
        var preparationPage = await employee.GetPageAsync($"/preparation/{ConversationId}");
        Assert.Empty(preparationPage.QuerySelectorAll("main button"));
        var preparation = await employee.PostAsync($"/preparation/{ConversationId}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
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
