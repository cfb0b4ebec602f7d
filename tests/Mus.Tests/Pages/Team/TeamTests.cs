using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Rounds.Report;
using Mus.Web.Demo;
using Mus.Web.Domain.Plans;

namespace Mus.Tests.Pages.Team;

/// <summary>
/// After the round: Karsten Lund reads the figures of the thirteen conversations he held, writes his
/// joint feedback and publishes it to his team (page and mail); Ida shares one action of her plan,
/// her colleague sees its "what" and status on the team's page, and it is gone once she takes it back.
/// </summary>
public sealed class TeamTests
{
    private const string Canary = "KANARIE-fritekst-5";

    [Fact]
    public async Task TheLeader_SeesTheFiguresOfTheConversationsTheyHeld_WritesInTheirOwnWords_AndPublishesToTheTeam()
    {
        await using var app = await MusApp.StartAsync();
        var (round, drift) = await RoundReportTests.HoldDriftAsync(app);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var jens = await app.SignedInAsync("jens.aagaard@" + DemoOrganisation.Domain);
        var karstensId = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Id).SingleAsync());
        var url = $"/rounds/{round}/summary";
        await RoundReportTests.PublishAsync(app, round);

        var page = await karsten.GetPageAsync(url);

        Assert.Null(page.QuerySelector("#summary-refusal"));
        Assert.Contains("Drift og anlæg", page.QuerySelector("#summary-unit")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith($"{drift.Count}|", string.Join("|", page.QuerySelectorAll("#table-agenda tbody tr").First(r => r.QuerySelector("th")!.TextContent == "Opgaver").QuerySelectorAll("td").Select(c => c.TextContent)), StringComparison.Ordinal);
        // Nothing from a conversation is put in by itself: the text box starts empty.
        Assert.Equal("", page.QuerySelector("textarea#Text")!.TextContent);
        Assert.DoesNotContain(Canary, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        const string Feedback = "Mange af jer vil gerne have mere tid til opgaverne på tværs af vagtlagene.";
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Text"] = Feedback })).StatusCode);
        var team = await jens.GetPageAsync($"/team/{karstensId}");
        Assert.DoesNotContain(Feedback, team.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await app.WithDbAsync(db => db.OutboxMails.Where(m => m.Purpose == "round-summary").ToListAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Text"] = Feedback }, formAction: "handler=Publish")).StatusCode);

        team = await jens.GetPageAsync($"/team/{karstensId}");
        Assert.Contains(Feedback, team.QuerySelector("#summaries ~ article")!.TextContent, StringComparison.Ordinal);
        var mails = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.Purpose == "round-summary").ToListAsync());
        var team13 = await app.WithDbAsync(db => db.People.Where(p => p.LeaderId == karstensId).Select(p => p.Email).ToListAsync());
        Assert.Equal(team13.Order(), mails.Select(m => m.To).Order());
        // As delivered (sent mail has its text erased from the outbox).
        foreach (var to in team13)
        {
            var delivered = await MailFolder.DeliveredAsync(app, to, "round-summary");
            Assert.Contains(Feedback, delivered.TextBody, StringComparison.Ordinal);
            Assert.Contains($"{MusApp.PublicUrl}/team/{karstensId}", delivered.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, delivered.TextBody + delivered.Subject, StringComparison.Ordinal);
        }

        // An edit afterwards shows at once, and does not mail everyone again.
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Text"] = Feedback + " Vi tager det op på næste personalemøde." })).StatusCode);
        Assert.Contains("personalemøde", (await jens.GetPageAsync($"/team/{karstensId}")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(mails.Count, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.Purpose == "round-summary")));

        // A leader who held none of them is told why there are no figures; the team page is its team's alone.
        var vibeke = await (await app.SignedInAsync(DemoPeople.OtherLeader)).GetPageAsync(url);
        Assert.Contains("du har ikke holdt nogen samtaler", vibeke.QuerySelector("#summary-refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(vibeke.QuerySelector("#table-agenda"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync(DemoPeople.OtherEmployee)).GetAsync($"/team/{karstensId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(DemoPeople.Hr)).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task TheLeadersFigures_AreNoneBeforePublishing_ThenThePublishedOnes_WhichLaterChangesDoNotMove()
    {
        await using var app = await MusApp.StartAsync();
        var (round, drift) = await RoundReportTests.HoldDriftAsync(app);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var url = $"/rounds/{round}/summary";
        var waiting = await karsten.GetPageAsync(url);
        Assert.Contains("offentliggøres, når samtalefristen", waiting.QuerySelector("#summary-refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(waiting.QuerySelector("#table-agenda"));

        // Three customer-service conversations are held: the whole organisation (16) would differ from
        // the operations unit (13) by three people, so the unit's figures are not published, here as in HR's report.
        await app.WithDbAsync(async db =>
        {
            foreach (var conversation in await db.Conversations.Where(c => c.RoundId == round && c.Employee!.OrgUnit!.Code == "KUNDE" && c.Employee.Leader!.EmployeeNumber == "1030").OrderBy(c => c.Id).Take(3).ToListAsync())
            {
                conversation.MarkHeld(TestClock.UtcNow);
            }

            return await db.SaveChangesAsync();
        });
        await RoundReportTests.PublishAsync(app, round);
        var page = await karsten.GetPageAsync(url);
        Assert.Contains("en større gruppe, der vises", page.QuerySelector("#summary-refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#table-agenda"));

        // Nine of Karsten's people would opt out now: too late, and the page is as it was.
        await app.WithDbAsync(async db =>
        {
            var ids = drift.Take(9).Select(d => d.Conversation).ToList();
            foreach (var conversation in await db.Conversations.Where(c => ids.Contains(c.Id)).ToListAsync())
            {
                conversation.CountInStatistics(false, TestClock.UtcNow);
            }

            return await db.SaveChangesAsync();
        });
        var again = await karsten.GetPageAsync(url);
        Assert.Equal(page.QuerySelector("#summary-refusal")!.TextContent, again.QuerySelector("#summary-refusal")!.TextContent);
        Assert.Null(again.QuerySelector("#table-agenda"));
    }

    [Fact]
    public async Task PublishingNothing_IsRefused_AndTwoWindowsNeverOverwriteEachOther()
    {
        await using var app = await MusApp.StartAsync();
        var (round, _) = await RoundReportTests.HoldDriftAsync(app);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var url = $"/rounds/{round}/summary";
        var before = await DatabaseFingerprint.TakeAsync(app);

        var refused = await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Text"] = "   " }, formAction: "handler=Publish");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Skriv tilbagemeldingen", (await refused.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));

        var first = await karsten.GetPageAsync(url);
        var second = await karsten.GetPageAsync(url);
        async Task<HttpResponseMessage> PostFromAsync(AngleSharp.Html.Dom.IHtmlDocument page, string text) =>
            await karsten.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                ["Version"] = page.QuerySelector("#Version")!.GetAttribute("value")!,
                ["Text"] = text,
            }));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFromAsync(first, "Første vindue")).StatusCode);
        var stale = await PostFromAsync(second, "Andet vindue");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Første vindue", await app.WithDbAsync(db => db.RoundSummaries.Select(s => s.Text).SingleAsync()));

        // The clash shows both texts and needs a choice; keeping this window's text stores it.
        var clash = await stale.ParseAsync();
        Assert.Equal(("Andet vindue", "Første vindue"), (clash.QuerySelector("#merge-clashes [data-side=mine]")!.TextContent, clash.QuerySelector("#merge-clashes [data-side=theirs]")!.TextContent));
        var (_, decided) = clash.ReadForm(url);
        Assert.Equal(HttpStatusCode.Conflict, (await karsten.PostAsync(url, new FormUrlEncodedContent(decided))).StatusCode);
        decided["Merge.Choice[text]"] = "Mine";
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostAsync(url, new FormUrlEncodedContent(decided))).StatusCode);
        Assert.Equal("Andet vindue", await app.WithDbAsync(db => db.RoundSummaries.Select(s => s.Text).SingleAsync()));

        // A window that did not touch the text, saved after another changed it, keeps the other's text.
        var (_, untouched) = await karsten.ReadFormAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string> { ["Text"] = "Tredje vindue" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostAsync(url, new FormUrlEncodedContent(untouched))).StatusCode);
        Assert.Equal("Tredje vindue", await app.WithDbAsync(db => db.RoundSummaries.Select(s => s.Text).SingleAsync()));
    }

    [Fact]
    public async Task AnEmployeeSharesAnAction_TheTeamSeesItsWhatAndStatus_AndWithdrawnItIsGoneAtTheNextRequest()
    {
        await using var app = await MusApp.StartAsync();
        var (_, drift) = await RoundReportTests.HoldDriftAsync(app);
        var idas = drift.Single(d => d.Number == DemoPeople.EmployeeNumber).Conversation;
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var jens = await app.SignedInAsync("jens.aagaard@" + DemoOrganisation.Domain);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var karstensId = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Id).SingleAsync());
        // Ida's approved plan: one action in her own words, the rest of it free text that must stay between her and Karsten.
        await app.WithDbAsync(async db =>
        {
            var part = await db.ConversationParts.SingleAsync(p => p.ConversationId == idas && p.Kind == Mus.Web.Domain.Conversations.PartKind.Plan);
            var plan = new Plan();
            plan.Edit(new PlanContent([new PlanGoal("g1", Canary, [new PlanAction("a1", "Vise de nye målere på et morgenmøde", Canary, "on-the-job", "employee", null, null, ActionStatus.Planned, Canary)])]));
            plan.Approve(PlanParty.Employee, 1, plan.Hash, TestClock.UtcNow);
            plan.Approve(PlanParty.Leader, karstensId, plan.Hash, TestClock.UtcNow);
            part.Content = plan.Write();
            return await db.SaveChangesAsync();
        });
        var teamUrl = $"/team/{karstensId}";
        Assert.Null((await jens.GetPageAsync(teamUrl)).QuerySelector("#table-shared"));
        Assert.Contains($"/conversations/{idas}/share", (await ida.GetPageAsync($"/conversations/{idas}/plan")).QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idas}/share", new Dictionary<string, string> { ["action"] = "a1" }, formAction: "handler=Share")).StatusCode);

        // Her own copy of what is kept about her says what she shared, and that the conversation counts.
        var export = System.Text.Json.Nodes.JsonNode.Parse(await ida.GetStringAsync("/profile/export?handler=Json"))!["conversations"]!.AsArray().Single(c => (string?)c!["round"] == DemoPeople.CurrentRound)!;
        Assert.Equal("Vise de nye målere på et morgenmøde", (string?)export["sharedWithTeam"]![0]);
        Assert.Null(export["optedOutOfStatisticsAt"]);
        var row = (await jens.GetPageAsync(teamUrl)).QuerySelector("#table-shared tbody tr")!;
        Assert.Equal(["Ida Brandt", "Vise de nye målere på et morgenmøde", "Planlagt"], row.QuerySelectorAll("td").Select(c => c.TextContent));
        Assert.DoesNotContain(Canary, (await jens.GetPageAsync(teamUrl)).DocumentElement.OuterHtml, StringComparison.Ordinal);

        // The status follows the follow-ups.
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{idas}/follow-ups", new Dictionary<string, string> { ["Notes"] = "Godt gået", ["Statuses[a1]"] = "Done" })).StatusCode);
        Assert.Equal("Gennemført", (await jens.GetPageAsync(teamUrl)).QuerySelectorAll("#table-shared tbody tr td")[2].TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idas}/share", new Dictionary<string, string> { ["action"] = "a1" }, formAction: "handler=Withdraw")).StatusCode);

        Assert.Null((await jens.GetPageAsync(teamUrl)).QuerySelector("#table-shared"));
        Assert.False(await app.WithDbAsync(db => db.SharedActions.AnyAsync()));
        // Only Ida shares from her plan; her leader cannot, and an action that is not in the plan is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await karsten.GetAsync($"/conversations/{idas}/share")).StatusCode);
        var refused = await ida.PostFormAsync($"/conversations/{idas}/share", new Dictionary<string, string> { ["action"] = "no-such-action" }, formAction: "handler=Share");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SharedActions.AnyAsync()));
    }
}
