using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages;

/// <summary>
/// The sequence an outside tester lost words with, on each versioned form of a conversation (the guide
/// has its own test): one side saves a field; the other, on an older page, changes another field and
/// saves, then saves that page again; both fields stand. Then both change one field: the second is
/// shown both texts, is refused until they choose, and their choice is stored with everything else kept.
/// </summary>
public sealed class StaleSaveMergeTests : IdasConversationTest
{
    /// <param name="Kind">The compartment the form writes.</param>
    /// <param name="Fields">Three of the form's answers: the first side's, the second side's, and the one both change.</param>
    public sealed record Form(string Name, string Path, string? Action, PartKind Kind, string First, string Second, string Both, bool Held);

    private static readonly Form[] Forms =
    [
        new("preparation", "/conversations/{0}/preparation", "handler=Save", PartKind.EmployeePreparation, "tasks-success", "tasks-hard", "relations-good", Held: false),
        new("evaluation", "/conversations/{0}/evaluation", null, PartKind.EmployeeEvaluation, "eval-better", "eval-useful", "eval-heard", Held: true),
    ];

    public static TheoryData<string> FormNames() => [.. Forms.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FormNames))]
    public async Task AStaleSave_KeepsTheNewerField_AndAFieldBothChangedWaitsForAChoice(string name)
    {
        var form = Forms.Single(f => f.Name == name);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, form.Path, ConversationId);
        if (form.Held)
        {
            await (await App.SignedInAsync(DemoPeople.CurrentLeader)).PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string>(), "handler=Held");
        }

        // Ida in two tabs: each form is her own.
        var firstTab = await App.SignedInAsync(DemoPeople.Employee);
        var secondTab = await App.SignedInAsync(DemoPeople.Employee);
        var (target, stale) = await secondTab.ReadFormAsync(url, form.Action);
        static string Value(string field) => field.StartsWith("eval-u", StringComparison.Ordinal) || field.StartsWith("eval-h", StringComparison.Ordinal) ? "4" : "tekst fra " + field;

        Assert.Equal(HttpStatusCode.Redirect, (await firstTab.PostFormAsync(url, new Dictionary<string, string> { [$"Answers[{form.First}]"] = Value(form.First) }, form.Action)).StatusCode);
        stale[$"Answers[{form.Second}]"] = Value(form.Second);
        Assert.Equal(HttpStatusCode.Redirect, (await secondTab.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await secondTab.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        var stored = await StoredAsync(form.Kind);
        Assert.Equal((Value(form.First), Value(form.Second)), (stored.GetValueOrDefault(form.First), stored.GetValueOrDefault(form.Second)));

        // Both change the same answer on pages loaded before either saved.
        var (_, first) = await firstTab.ReadFormAsync(url, form.Action);
        var (_, second) = await secondTab.ReadFormAsync(url, form.Action);
        var (firstText, secondText) = form.Both.StartsWith("eval-", StringComparison.Ordinal) ? ("2", "5") : ("første fane", "anden fane");
        first[$"Answers[{form.Both}]"] = firstText;
        Assert.Equal(HttpStatusCode.Redirect, (await firstTab.PostAsync(target, new FormUrlEncodedContent(first))).StatusCode);
        second[$"Answers[{form.Both}]"] = secondText;
        var clash = await secondTab.PostAsync(target, new FormUrlEncodedContent(second));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var page = await clash.ParseAsync();
        var panel = page.QuerySelector("#merge-clashes")!;
        Assert.Equal([form.Both], panel.QuerySelectorAll("fieldset").Select(f => f.GetAttribute("data-clash")!));
        Assert.Equal((secondText, firstText), (panel.QuerySelector("[data-side=mine]")!.TextContent, panel.QuerySelector("[data-side=theirs]")!.TextContent));

        var (_, undecided) = page.ReadForm(url, form.Action);
        var refused = await secondTab.PostAsync(target, new FormUrlEncodedContent(undecided));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(firstText, (await StoredAsync(form.Kind)).GetValueOrDefault(form.Both));

        undecided[$"Merge.Choice[{form.Both}]"] = "Theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await secondTab.PostAsync(target, new FormUrlEncodedContent(undecided))).StatusCode);
        stored = await StoredAsync(form.Kind);
        Assert.Equal((Value(form.First), Value(form.Second), firstText), (stored.GetValueOrDefault(form.First), stored.GetValueOrDefault(form.Second), stored.GetValueOrDefault(form.Both)));
    }

    /// <summary>HR's round settings, in two windows of two HR users' kind (one HR account, two pages).</summary>
    [Fact]
    public async Task TheRoundSettings_KeepTheOthersNewerField_AndAFieldBothChangedWaitsForAChoice()
    {
        var round = await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.RoundId).SingleAsync());
        var url = $"/rounds/{round}/settings";
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var (target, stale) = await hr.ReadFormAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync(url, new Dictionary<string, string> { ["Input.Orientation"] = "Fokus på trivsel" })).StatusCode);
        stale["Input.PreparationReminderDays"] = "9, 2";
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostAsync(target, new FormUrlEncodedContent(stale))).StatusCode);
        var stored = await App.WithDbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round));
        Assert.Equal(("Fokus på trivsel", "9, 2"), (stored.Orientation, string.Join(", ", stored.PreparationReminderDays)));

        var (_, first) = await hr.ReadFormAsync(url);
        var (_, second) = await hr.ReadFormAsync(url);
        first["Input.Orientation"] = "Første udgave";
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostAsync(target, new FormUrlEncodedContent(first))).StatusCode);
        second["Input.Orientation"] = "Anden udgave";
        var clash = await hr.PostAsync(target, new FormUrlEncodedContent(second));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var page = await clash.ParseAsync();
        Assert.Equal(["orientation"], page.QuerySelectorAll("#merge-clashes fieldset").Select(f => f.GetAttribute("data-clash")!));

        var (_, decided) = page.ReadForm(url);
        Assert.Equal(HttpStatusCode.Conflict, (await hr.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);
        decided["Merge.Choice[orientation]"] = "Theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostAsync(target, new FormUrlEncodedContent(decided))).StatusCode);
        stored = await App.WithDbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round));
        Assert.Equal(("Første udgave", "9, 2"), (stored.Orientation, string.Join(", ", stored.PreparationReminderDays)));
    }

    /// <summary>
    /// A "theirs" choice takes its text from the origin the page carries, so that origin must be the
    /// server's: a written one (20,000 characters past the 8,000 allowed) is not believed, and nothing is stored.
    /// </summary>
    [Fact]
    public async Task AForgedOrigin_CannotCarryAChoiceOfText()
    {
        var round = await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.RoundId).SingleAsync());
        var url = $"/rounds/{round}/settings";
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var (target, fields) = await hr.ReadFormAsync(url);
        Assert.False(string.IsNullOrEmpty(fields["Merge.Origin"]));
        fields["Merge.Origin"] = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["orientation"] = new string('x', 20_000) }));
        fields["Merge.Clashed[0]"] = "orientation";
        fields["Merge.Choice[orientation]"] = "Theirs";
        var before = await App.WithDbAsync(db => db.Rounds.Where(r => r.Id == round).Select(r => r.Orientation).SingleAsync());

        var response = await hr.PostAsync(target, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, await App.WithDbAsync(db => db.Rounds.Where(r => r.Id == round).Select(r => r.Orientation).SingleAsync()));
    }

    /// <summary>After an autosave the page starts from what it stored: the other's later deletion of that text stands.</summary>
    [Fact]
    public async Task AfterAnAutosave_TheNextSaveMergesFromWhatItStored()
    {
        var url = $"/conversations/{ConversationId}";
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var (target, idas) = await ida.ReadFormAsync(url, "handler=Save");
        idas["Input.Answers[tasks-notes]"] = "Jeg vil tale om løn";
        var autosaved = await ida.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(idas));
        Assert.Equal(HttpStatusCode.OK, autosaved.StatusCode);
        // As the page's script does with the answer.
        var answer = System.Text.Json.JsonDocument.Parse(await autosaved.Content.ReadAsStringAsync()).RootElement;
        idas["Version"] = answer.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        idas["Merge.Origin"] = answer.GetProperty("origin").GetString()!;

        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "" }, "handler=Save")).StatusCode);
        idas["Input.Answers[relations-notes]"] = "Samarbejdet er godt";
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostAsync(target, new FormUrlEncodedContent(idas))).StatusCode);

        var notes = await App.WithDbAsync(async db => SharedNotes.Read((await db.ConversationParts.SingleAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.SharedNotes)).Content));
        Assert.False(notes.Answers.ContainsKey("tasks-notes"), "Karsten's deletion was undone");
        Assert.Equal("Samarbejdet er godt", notes.Answers["relations-notes"]);
    }

    private Task<Dictionary<string, string>> StoredAsync(PartKind kind) => App.WithDbAsync(async db =>
        Mus.Web.Domain.Conversations.Answers.Read((await db.ConversationParts.SingleAsync(p => p.ConversationId == ConversationId && p.Kind == kind)).Content));
}
