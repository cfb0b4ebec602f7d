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
        new("preparation", "/preparation/{0}", "handler=Save", PartKind.EmployeePreparation, "tasks-success", "tasks-hard", "relations-good", Held: false),
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

    private Task<Dictionary<string, string>> StoredAsync(PartKind kind) => App.WithDbAsync(async db =>
        Mus.Web.Pages.Preparation.Answers.Read((await db.ConversationParts.SingleAsync(p => p.ConversationId == ConversationId && p.Kind == kind)).Content));
}
