using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Plans;
using Mus.Web.Data.Demo;
using UglyToad.PdfPig;

namespace Mus.Tests.Http;

/// <summary>
/// A unique text in every compartment of Ida Brandt's conversation; then every page, PDF and export
/// is fetched as each kind of visitor. Each text may appear only where the confidentiality rules
/// allow it, and nowhere in the database file as plaintext.
/// </summary>
public sealed class CanaryCrawlTests : IAsyncLifetime
{
    private const string EmployeePreparation = "CANARY-employee-preparation";
    private const string LeaderPreparation = "CANARY-leader-preparation";
    private const string SharedNotes = "CANARY-shared-notes";
    private const string Plan = "CANARY-plan-action";
    private const string Forwarded = "CANARY-goes-further";
    private const string FollowUp = "CANARY-follow-up";
    private const string EmployeeEvaluation = "CANARY-employee-evaluation";
    private const string LeaderEvaluation = "CANARY-leader-evaluation";

    private static readonly string[] All = [EmployeePreparation, LeaderPreparation, SharedNotes, Plan, Forwarded, FollowUp, EmployeeEvaluation, LeaderEvaluation];

    private MusApp app = null!;
    private int id;

    public async ValueTask InitializeAsync()
    {
        app = await MusApp.StartAsync();
        id = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);

        // Neither preparation is shared, so each stays with its author.
        await ida.PostFormAsync($"/preparation/{id}", new Dictionary<string, string> { ["Answers[tasks-success]"] = EmployeePreparation }, formAction: "handler=Save");
        await karsten.PostFormAsync($"/preparation/{id}", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = LeaderPreparation }, formAction: "handler=Save");
        await karsten.PostFormAsync($"/conversations/{id}", new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = SharedNotes }, formAction: "handler=Held");
        var plan = PlanTests.OneGoal(what: Plan, goesFurther: Forwarded);
        plan["Input.Goals[0].Actions[0].ByWhen"] = DateTime.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await karsten.PostFormAsync($"/conversations/{id}/plan", plan, formAction: "handler=Approve");
        await ida.PostFormAsync($"/conversations/{id}/plan", new Dictionary<string, string>(), formAction: "handler=Approve");
        await ida.PostFormAsync($"/conversations/{id}/follow-ups", new Dictionary<string, string> { ["Notes"] = FollowUp });
        await ida.PostFormAsync($"/conversations/{id}/evaluation", new Dictionary<string, string> { ["Answers[eval-better]"] = EmployeeEvaluation });
        await karsten.PostFormAsync($"/conversations/{id}/evaluation", new Dictionary<string, string> { ["Answers[eval-better]"] = LeaderEvaluation });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string, string[]> Visitors => new()
    {
        { DemoPeople.Employee, [EmployeePreparation, SharedNotes, Plan, Forwarded, FollowUp, EmployeeEvaluation] },
        { DemoPeople.CurrentLeader, [LeaderPreparation, SharedNotes, Plan, Forwarded, FollowUp, LeaderEvaluation] },
        { DemoPeople.Hr, [Forwarded] },
        { DemoPeople.LeadersLeader, [] },
        { DemoPeople.OtherLeader, [] },
        { DemoPeople.OtherEmployee, [] },
        { DemoPeople.Administrator, [] },
        { "anonymous", [] },
    };

    [Theory]
    [MemberData(nameof(Visitors))]
    public async Task EachCanary_AppearsOnlyWhereTheRulesAllow(string who, string[] allowed)
    {
        var client = app.CreateBrowserlikeClient();
        if (who != "anonymous")
        {
            await client.SignInAsync(who, DemoOrganisation.Password);
        }

        var roundId = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var seen = new StringBuilder();
        foreach (var url in new[]
        {
            "/", "/start/employee", "/start/leader", "/start/hr", "/start/administrator",
            $"/preparation/{id}", $"/conversations/{id}", $"/conversations/{id}/plan", $"/conversations/{id}/plan/pdf",
            $"/conversations/{id}/print", $"/conversations/{id}/evaluation", $"/conversations/{id}/follow-ups",
            $"/conversations/{id}/schedule", $"/conversations/{id}/excuse", $"/conversations/{id}/move",
            "/forwarded", "/rounds", $"/rounds/progress/{roundId}", $"/rounds/{roundId}/add", "/organisation", "/templates",
            "/profile", "/profile/access", "/profile/receipts", "/profile/export?handler=Json", "/profile/export?handler=Pdf",
        })
        {
            var response = await client.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            seen.Append(response.Content.Headers.ContentType?.MediaType == "application/pdf" ? PdfText(bytes) : Encoding.UTF8.GetString(bytes));
        }

        var text = seen.ToString();
        foreach (var canary in All)
        {
            Assert.True(allowed.Contains(canary) == text.Contains(canary, StringComparison.Ordinal),
                $"{who}: {canary} is {(allowed.Contains(canary) ? "missing" : "visible")}");
        }
    }

    [Fact]
    public async Task NoCanary_IsInTheDatabaseFilesAsPlaintext()
    {
        foreach (var file in Directory.GetFiles(app.Database.Directory, "mus.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf("CANARY-"u8) < 0, $"{Path.GetFileName(file)} holds a canary in plaintext");
        }
    }

    // PdfPig gives the letters as drawn; the canaries have no spaces, so joining them is enough.
    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));
    }
}
