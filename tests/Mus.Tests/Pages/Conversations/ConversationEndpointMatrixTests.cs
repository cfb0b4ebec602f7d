using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;

namespace Mus.Tests.Pages.Conversations;

/// <summary>
/// Every page of a conversation × everyone who might ask for it. Content is for Ida Brandt and
/// her current leader only; HR and the leader's leader manage (excuse, move) without reading; anybody
/// else gets 404, as if the conversation did not exist. Refused writes leave the database as it was.
/// </summary>
public sealed class ConversationEndpointMatrixTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    private const string Anonymous = "anonymous";
    private const HttpStatusCode SignIn = HttpStatusCode.Redirect;

    public static readonly string[] Everyone =
    [
        Anonymous, DemoPeople.Employee, DemoPeople.OtherEmployee, DemoPeople.CurrentLeader, DemoPeople.OtherLeader,
        DemoPeople.LeadersLeader, DemoPeople.Hr, DemoPeople.Administrator,
    ];

    // The pages, with who gets 200; everyone else signed in gets 404 and the anonymous go to sign-in.
    private static readonly (string Path, string[] Allowed)[] Pages =
    [
        ("/preparation/{0}", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan/pdf", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/print", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/evaluation", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/follow-ups", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/schedule", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/excuse", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
        ("/conversations/{0}/move", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
    ];

    // Every form post of those pages; each is tried by everyone it is refused to.
    private static readonly (string Path, string[] Allowed)[] Writes =
    [
        ("/preparation/{0}?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/preparation/{0}?handler=Share", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/preparation/{0}?handler=Autosave", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}?handler=Held", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Approve", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Amend", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/evaluation", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/follow-ups", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/schedule", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/excuse", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
        ("/conversations/{0}/move", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
    ];

    public static TheoryData<string> People => [.. Everyone];

    private Task<int> ConversationIdAsync() =>
        shared.App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());

    private async Task<HttpClient> ClientAsync(string who)
    {
        var client = shared.App.CreateBrowserlikeClient();
        if (who != Anonymous)
        {
            await client.SignInAsync(who, DemoOrganisation.Password);
        }

        return client;
    }

    /// <summary>Everything a write to Ida's conversation could touch: its row, its compartments and her place in the organisation.</summary>
    private Task<string> SnapshotAsync(int id) => shared.App.WithDbAsync(async db =>
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Status, c.LeaderId, c.ScheduledStart, c.Location, c.ExcusedReason, c.HeldAt, c.Version, Leader = c.Employee!.LeaderId }).SingleAsync();
        var parts = await db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == id).OrderBy(p => p.Kind)
            .Select(p => new { p.Kind, p.Sealed, p.Version, p.SharedAt, p.ReadyAt }).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { conversation, parts });
    });

    [Theory]
    [MemberData(nameof(People))]
    public async Task EachPage_AnswersEachPerson_AsTheRulesSay(string who)
    {
        var id = await ConversationIdAsync();
        var client = await ClientAsync(who);

        foreach (var (path, allowed) in Pages)
        {
            var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id));
            var expected = who == Anonymous ? SignIn : allowed.Contains(who) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.True(expected == response.StatusCode, $"{who} GET {path}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(People))]
    public async Task EachRefusedWrite_ChangesNothing(string who)
    {
        var id = await ConversationIdAsync();
        var client = await ClientAsync(who);
        var token = who == Anonymous ? "" : (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await SnapshotAsync(id);

        foreach (var (path, allowed) in Writes.Where(w => !w.Allowed.Contains(who)))
        {
            var response = await client.PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = "0",
                ["Answers[tasks-hard]"] = "skrevet af " + who,
                ["Input.Answers[tasks-notes]"] = "skrevet af " + who,
                ["Input.Goals[0].Title"] = "skrevet af " + who,
                ["Input.Goals[0].Actions[0].What"] = "skrevet af " + who,
                ["Notes"] = "skrevet af " + who,
                ["Reason"] = "skrevet af " + who,
                ["NewLeader"] = "1030",
                ["Input.Start"] = DateTime.Today.AddDays(10).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
                ["Input.Minutes"] = "90",
                ["Input.Location"] = "skrevet af " + who,
            }));

            var expected = who == Anonymous ? SignIn : HttpStatusCode.NotFound;
            Assert.True(expected == response.StatusCode, $"{who} POST {path}: expected {expected}, got {response.StatusCode}");
            Assert.Equal(before, await SnapshotAsync(id));
        }
    }
}
