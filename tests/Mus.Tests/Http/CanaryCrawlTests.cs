using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Auth;
using UglyToad.PdfPig;

namespace Mus.Tests.Http;

/// <summary>
/// A unique text in every compartment of Ida Brandt's conversation (and in the meeting place, the
/// one free text about her kept outside them); then every page, PDF and export of the access matrix,
/// with its query parameters varied, is fetched by each kind of visitor, and must arrive with the
/// status and type the matrix promises before it is searched. Each text may appear only where the
/// confidentiality rules allow it, in those pages and in the answers to the writes that put it there
/// — and never in a URL, a header, a log line, a mail, any file of the data directory (the SQLite
/// file, its WAL, the shred journal, the mail folder), a dump of the PostgreSQL database, or that
/// server's WAL and log.
/// </summary>
public sealed class CanaryCrawlTests(CanaryCrawlTests.Crawls crawls) : IClassFixture<CanaryCrawlTests.Crawls>
{
    private const string EmployeePreparation = "CANARY-employee-preparation";
    private const string LeaderPreparation = "CANARY-leader-preparation";
    private const string SharedNotes = "CANARY-shared-notes";
    private const string Plan = "CANARY-plan-action";
    private const string PlanGoal = "CANARY-plan-goal";
    private const string PlanWhy = "CANARY-plan-why";
    private const string Forwarded = "CANARY-goes-further";
    private const string FollowUp = "CANARY-follow-up";
    private const string EmployeeEvaluation = "CANARY-employee-evaluation";
    private const string LeaderEvaluation = "CANARY-leader-evaluation";

    /// <summary>Ida's answer shared with Thomas Engberg while he led her; withdrawn when she moved back.</summary>
    private const string SharedBeforeMove = "CANARY-shared-before-move";

    /// <summary>Thomas Engberg's own preparation while he led Ida; destroyed when she moved back.</summary>
    private const string FormerLeaderPreparation = "CANARY-former-leader-preparation";

    /// <summary>The meeting place: free text outside the compartments, kept in plain text on purpose (not "CANARY-", which the stored data must never hold).</summary>
    private const string Location = "CANARYPLAIN-meeting-room";

    private static readonly string[] All = [EmployeePreparation, LeaderPreparation, SharedNotes, Plan, PlanGoal, PlanWhy, Forwarded, FollowUp, EmployeeEvaluation, LeaderEvaluation, SharedBeforeMove, FormerLeaderPreparation, Location];

    /// <summary>The approved plan as it leaves MUS: each action's what and why, its goal, and what goes further.</summary>
    private static readonly string[] ApprovedPlan = [Plan, PlanGoal, PlanWhy, Forwarded];

    private static readonly string[] Pair = [SharedNotes, .. ApprovedPlan, FollowUp, Location];

    /// <summary>The directory's provisioning client (an API client with the scim scope): people's names and leaders, nothing said.</summary>
    private const string ScimClient = "api client: scim";

    /// <summary>An HR system with every scope of API v1: the approved plan and what goes further, nothing else said.</summary>
    private const string HrSystem = "api client: HR system";

    /// <summary>Which canaries each visitor may see somewhere: the pair their own and the shared ones, HR the forwarded item, nobody else anything.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [ScimClient] = [],
        [HrSystem] = ApprovedPlan,
        [AccessMatrix.Anonymous] = [],
        [DemoPeople.Employee] = [EmployeePreparation, EmployeeEvaluation, SharedBeforeMove, .. Pair],
        [DemoPeople.OtherEmployee] = [],
        // Only the "what" of the plan action Ida chose to share with her team.
        [AccessMatrix.Colleague] = [Plan],
        [DemoPeople.CurrentLeader] = [LeaderPreparation, LeaderEvaluation, .. Pair],
        [AccessMatrix.FormerLeader] = [],
        [DemoPeople.OtherLeader] = [],
        [DemoPeople.LeadersLeader] = [],
        [DemoPeople.Hr] = [Forwarded],
        [DemoPeople.Administrator] = [],
        [AccessMatrix.Disabled] = [],
    };

    /// <summary>
    /// What one crawl saw: per visitor the bodies (PDF text extracted) of what they fetched and of the
    /// answers to what they wrote, every URL and header on the way, and every document that did not
    /// arrive as the matrix promises (such a body is not searched, so it must fail the test).
    /// </summary>
    /// <param name="Journal">What was filed in the personnel file (the folder drop and the webhook's bodies: each description, and each PDF's text).</param>
    public sealed record Crawl(MusApp App, IReadOnlyDictionary<string, string> Bodies, IReadOnlyDictionary<(string Visitor, string Channel), string> Channels, string UrlsAndHeaders, IReadOnlyList<string> Faults, string Journal, string Metrics);

    private const string ScrapeToken = "canary-scrape-token";

    /// <summary>The channel an answer came by, from its media type (a redirect or an empty answer counts as a page).</summary>
    private static string ChannelOf(string? mediaType) => mediaType switch
    {
        "application/pdf" => "pdf",
        "text/csv" => "csv",
        "application/json" or "application/problem+json" => "json",
        "application/scim+json" => "scim",
        "text/calendar" => "feed",
        _ => "page",
    };

    private sealed class Seen
    {
        public Dictionary<string, StringBuilder> Bodies { get; } = AccessMatrix.Visitors.Append(ScimClient).Append(HrSystem).ToDictionary(v => v, _ => new StringBuilder());

        /// <summary>The same bodies per visitor and channel (the kind of document: page, PDF, CSV, JSON, SCIM, calendar feed).</summary>
        public Dictionary<(string Visitor, string Channel), StringBuilder> Channels { get; } = [];

        public StringBuilder UrlsAndHeaders { get; } = new();

        public List<string> Faults { get; } = [];

        /// <summary>Headers, links and the body of one answer to <paramref name="visitor"/>.</summary>
        public void Add(string visitor, string url, HttpResponseMessage response, string body)
        {
            Bodies[visitor].Append(body).Append('\n');
            var channel = ChannelOf(response.Content.Headers.ContentType?.MediaType);
            if (!Channels.TryGetValue((visitor, channel), out var text))
            {
                Channels[(visitor, channel)] = text = new StringBuilder();
            }

            text.Append(body).Append('\n');
            UrlsAndHeaders.AppendLine(url).AppendLine(response.Headers.ToString()).AppendLine(response.Content.Headers.ToString());
            // Every address a page links to or posts to: content must not travel in a URL.
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(body, "(?:href|action|src|formaction)=\"([^\"]*)\""))
            {
                UrlsAndHeaders.AppendLine(link.Groups[1].Value);
            }
        }
    }

    /// <summary>One crawl per provider, made once for all the tests of this class.</summary>
    public sealed class Crawls() : PerProvider<Crawl>(MakeAsync, crawl => crawl.App)
    {
        private static async Task<Crawl> MakeAsync(string provider)
        {
            // The application logs at Debug here, more than in production, so that more could leak.
            var journal = Directory.CreateTempSubdirectory("mus-canary-journal-").FullName;
            var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?>(AccessMatrix.Settings)
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
                // Approved plans are filed in a folder, run by the crawl below (not by the hourly job).
                ["Journal:Target"] = "Folder",
                ["Journal:Folder"] = journal,
                ["Journal:IntervalSeconds"] = "3600",
                ["Telemetry:MetricsToken"] = ScrapeToken,
            });
            var ids = await AccessMatrix.Ids.LoadAsync(app);
            var seen = new Seen();
            await WriteCanariesAsync(app, ids.Conversation, seen);
            foreach (var visitor in AccessMatrix.Visitors)
            {
                await VisitEverythingAsync(app, ids, visitor, seen);
            }

            await ReadThroughScimAsync(app, seen);
            await ReadThroughApiAsync(app, seen);

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<Mus.Web.Pages.Conversations.Plans.Journal.JournalDelivery>().RunAsync(TestClock.UtcNow, CancellationToken.None);
            }

            var filed = Directory.GetFiles(journal).Order().Select(f => f.EndsWith(".pdf", StringComparison.Ordinal) ? PdfText(File.ReadAllBytes(f)) : File.ReadAllText(f)).ToList();
            filed.AddRange(await FileByWebhookAsync(app));
            Directory.Delete(journal, recursive: true);
            // What a Prometheus scraper read after all of it.
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken) } };
            var metrics = await (await app.CreateBrowserlikeClient().SendAsync(scrape)).Content.ReadAsStringAsync();
            return new Crawl(app, seen.Bodies.ToDictionary(b => b.Key, b => b.Value.ToString()), seen.Channels.ToDictionary(c => c.Key, c => c.Value.ToString()), seen.UrlsAndHeaders.ToString(), seen.Faults, string.Join('\n', filed), metrics);
        }
    }

    /// <summary>Five more of Karsten's people have held theirs, with an agenda and a rating each (written as the pages would, through the data context).</summary>
    private static Task HoldColleaguesAsync(MusApp app, int idas) => app.WithDbAsync(async db =>
    {
        var round = await db.Conversations.Where(c => c.Id == idas).Select(c => c.RoundId).SingleAsync();
        var colleagues = await db.Conversations.Where(c => c.RoundId == round && c.Id != idas && c.Employee!.Leader!.EmployeeNumber == "1010").OrderBy(c => c.Id).Take(5).ToListAsync();
        foreach (var conversation in colleagues)
        {
            conversation.MarkHeld(TestClock.UtcNow);
        }

        await db.SaveChangesAsync();
        foreach (var conversation in colleagues)
        {
            db.ConversationParts.Add(new Mus.Web.Domain.Conversations.ConversationPart { ConversationId = conversation.Id, Kind = Mus.Web.Domain.Conversations.PartKind.SharedNotes, Content = new Mus.Web.Domain.Conversations.SharedNotes { Agenda = ["tasks"] }.Write(), UpdatedAt = TestClock.UtcNow });
            db.ConversationParts.Add(new Mus.Web.Domain.Conversations.ConversationPart { ConversationId = conversation.Id, Kind = Mus.Web.Domain.Conversations.PartKind.EmployeeEvaluation, Content = Mus.Web.Domain.Conversations.Answers.Write(new Dictionary<string, string> { ["eval-useful"] = "3" }), UpdatedAt = TestClock.UtcNow });
        }

        return await db.SaveChangesAsync();
    });

    /// <summary>
    /// The same filings again, to a webhook this time (a delivery as <c>Journal:Target=Webhook</c> makes it):
    /// each body's description, and its PDF's text.
    /// </summary>
    private static async Task<IEnumerable<string>> FileByWebhookAsync(MusApp app)
    {
        using var receiver = new WebhookReceiver();
        var filings = await app.WithDbAsync(db => db.PlanJournal.ExecuteUpdateAsync(set => set.SetProperty(e => e.DeliveredAt, (DateTime?)null).SetProperty(e => e.NextAttemptAt, TestClock.UtcNow.UtcDateTime.AddMinutes(-1))));
        Assert.True(filings > 0, "nothing was filed to send again");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var webhook = new Mus.Web.Pages.Conversations.Plans.Journal.JournalOptions { Target = "Webhook", WebhookUrl = receiver.Url, WebhookSecret = new string('s', 32) };
            await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<Mus.Web.Pages.Conversations.Plans.Journal.JournalDelivery>(scope.ServiceProvider, webhook)
                .RunAsync(TestClock.UtcNow, CancellationToken.None);
        }

        Assert.Equal(filings, receiver.Received.Count);
        return receiver.Received.SelectMany(r =>
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(r.Body)!;
            return new[] { body["metadata"]!.ToJsonString(), PdfText(Convert.FromBase64String((string)body["pdf"]!)) };
        });
    }

    /// <summary>Posts a form as <paramref name="visitor"/>, requires the answer the write should get, and keeps that answer for the search.</summary>
    private static async Task WriteAsync(Seen seen, HttpClient client, string visitor, string url, IDictionary<string, string> fields, string? formAction = null, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Redirect)
    {
        var response = await client.PostFormAsync(url, fields, formAction);
        Assert.True(response.StatusCode == expected, $"{visitor} POST {url} {formAction}: {(int)response.StatusCode}, not {(int)expected}");
        seen.Add(visitor, url, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Thomas Engberg leads Ida first: she shares an answer with him, he writes his own preparation
    /// and reads both; then she moves back to Karsten Lund, which withdraws the one and destroys the
    /// other. Then each party writes into each compartment (with a conflict, a refused save and an
    /// autosave among the writes), the leader sets the meeting place (invitations go out), a
    /// password-reset mail goes out, a second round invites everyone in Ida's unit, a colleague
    /// declines hers (her leader is told), and the pair and a colleague each fetch their calendar feed.
    /// </summary>
    private static async Task WriteCanariesAsync(MusApp app, int id, Seen seen)
    {
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var thomas = await app.SignedInAsync(AccessMatrix.FormerLeader);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        await WriteAsync(seen, hr, DemoPeople.Hr, $"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1050" });
        await WriteAsync(seen, ida, DemoPeople.Employee, $"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-hard]"] = SharedBeforeMove }, "handler=Share");
        await WriteAsync(seen, thomas, AccessMatrix.FormerLeader, $"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = FormerLeaderPreparation }, "handler=Save");
        // He saw both while he led her (read here, not kept in his crawl, which must show neither).
        var thomasSaw = await thomas.GetStringAsync($"/conversations/{id}/preparation");
        Assert.Contains(SharedBeforeMove, thomasSaw, StringComparison.Ordinal);
        Assert.Contains(FormerLeaderPreparation, thomasSaw, StringComparison.Ordinal);
        await WriteAsync(seen, hr, DemoPeople.Hr, $"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1010" });

        // Neither preparation is shared with Karsten, so each stays with its author.
        await WriteAsync(seen, ida, DemoPeople.Employee, $"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = EmployeePreparation }, "handler=Save");
        var (autosave, autosaveFields) = await ida.ReadFormAsync($"/conversations/{id}/preparation", "handler=Save");
        autosaveFields["Answers[tasks-success]"] = EmployeePreparation + " ";
        var autosaved = await ida.PostAsync(autosave.Replace("handler=Save", "handler=Autosave", StringComparison.Ordinal), new FormUrlEncodedContent(autosaveFields));
        Assert.Equal("application/json", autosaved.Content.Headers.ContentType?.MediaType);
        seen.Add(DemoPeople.Employee, autosave, autosaved, await autosaved.Content.ReadAsStringAsync());
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = LeaderPreparation }, "handler=Save");
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/schedule", new Dictionary<string, string>
        {
            ["Input.Start"] = TestClock.Midnight.AddDays(10).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Minutes"] = "90",
            ["Input.Location"] = Location,
        });

        // Ida saves the notes on a page she loaded before Karsten saved his: a conflict, shown to her.
        var (guide, stale) = await ida.ReadFormAsync($"/conversations/{id}", "handler=Save");
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}", new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = SharedNotes }, "handler=Save");
        stale["Input.Answers[tasks-notes]"] = SharedNotes + " (Ida)";
        var conflict = await ida.PostAsync(guide, new FormUrlEncodedContent(stale));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        seen.Add(DemoPeople.Employee, guide, conflict, await conflict.Content.ReadAsStringAsync());
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}", new Dictionary<string, string>(), "handler=Held");

        // A plan with a date that is no date is refused, and shown again to its writer; then the real one.
        var plan = PlanTests.OneGoal(what: Plan, goesFurther: Forwarded);
        plan["Input.Goals[0].Title"] = PlanGoal;
        plan["Input.Goals[0].Actions[0].Why"] = PlanWhy;
        plan["Input.Goals[0].Actions[0].ByWhen"] = "ikke en dato";
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/plan", plan, "handler=Approve", System.Net.HttpStatusCode.BadRequest);
        plan["Input.Goals[0].Actions[0].ByWhen"] = TestClock.Midnight.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/plan", plan, "handler=Approve");
        await WriteAsync(seen, ida, DemoPeople.Employee, $"/conversations/{id}/plan", new Dictionary<string, string>(), "handler=Approve");
        await WriteAsync(seen, ida, DemoPeople.Employee, $"/conversations/{id}/follow-ups", new Dictionary<string, string> { ["Notes"] = FollowUp });
        // Karsten books a follow-up meeting: invitations go to the pair (searched with the other mails), and it is in their feeds.
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/follow-up-meeting", new Dictionary<string, string>
        {
            ["Input.Start"] = TestClock.Midnight.AddDays(40).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Minutes"] = "30",
            ["Input.Location"] = Location,
        });
        await WriteAsync(seen, ida, DemoPeople.Employee, $"/conversations/{id}/evaluation", new Dictionary<string, string> { ["Answers[eval-better]"] = EmployeeEvaluation, ["Answers[eval-useful]"] = "4" });
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/conversations/{id}/evaluation", new Dictionary<string, string> { ["Answers[eval-better]"] = LeaderEvaluation, ["Answers[eval-heard]"] = "5" });

        // After the round: five colleagues' conversations are held too, so that the figures of Karsten's
        // people are shown (to HR, in the CSV and on his summary) with Ida's answers among them; Karsten
        // publishes his joint feedback (a mail to each of his team), and Ida shares her plan's action.
        await HoldColleaguesAsync(app, id);
        var round = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.RoundId).SingleAsync());
        // HR publishes the round's figures (they are published once; before that no page shows any).
        await WriteAsync(seen, hr, DemoPeople.Hr, $"/rounds/{round}/report", new Dictionary<string, string>(), "handler=Publish");
        await WriteAsync(seen, karsten, DemoPeople.CurrentLeader, $"/rounds/{round}/summary", new Dictionary<string, string> { ["Text"] = "Mange af jer vil have mere tid til opgaver på tværs." }, "handler=Publish");
        var (share, shareFields) = await ida.ReadFormAsync($"/conversations/{id}/share", "handler=Share");
        var shared = await ida.PostAsync(share, new FormUrlEncodedContent(shareFields));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, shared.StatusCode);
        seen.Add(DemoPeople.Employee, share, shared, await shared.Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == id && f.EmployeeEvaluation != null && f.Plan != null)));
        await app.CreateBrowserlikeClient().PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });

        // A second round for Ida's unit invites her and Karsten by mail; Julie says no thanks to hers, and Vibeke is told.
        var drift = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == "DRIFT").Select(u => u.Id).SingleAsync());
        await WriteAsync(seen, hr, DemoPeople.Hr, "/rounds/open", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ekstra runde",
            ["Input.TemplateVersionId"] = (await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.TemplateVersionId).SingleAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.UnitIds"] = drift.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var julies = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.OtherEmployee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await WriteAsync(seen, await app.SignedInAsync(DemoPeople.OtherEmployee), DemoPeople.OtherEmployee, $"/conversations/{julies}/participation", new Dictionary<string, string>(), "handler=Decline");
        // Vibeke offers Kasper Bak a senior conversation, and he says yes: a mail each way.
        var kaspers = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == "kasper.bak@fjordby.example.dk" && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await WriteAsync(seen, await app.SignedInAsync(DemoPeople.OtherLeader), DemoPeople.OtherLeader, $"/conversations/{kaspers}/offer", new Dictionary<string, string> { ["Kind"] = "Senior" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await (await app.SignedInAsync("kasper.bak@fjordby.example.dk")).PostFormAsync($"/conversations/{kaspers}/participation", new Dictionary<string, string>(), "handler=AcceptOffer")).StatusCode);
        // HR gives Torben Skov a new address: his old one is told (a mail of its own kind).
        var torben = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1018").Select(p => p.Id).SingleAsync());
        await WriteAsync(seen, hr, DemoPeople.Hr, $"/organisation/people/edit/{torben}", new Dictionary<string, string> { ["Input.Email"] = "torben.s@fjordby.example.dk" });
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == "torben.skov@fjordby.example.dk" && m.Purpose == Mus.Web.Infrastructure.Auth.AccountAddress.ChangedPurpose)));
        // Two invitations for the meeting and two for the follow-up meeting, the reset mail, the round's invitations and the word to Vibeke, the word to Torben's old address: every one is searched.
        var expected = await app.WithDbAsync(db => db.OutboxMails.CountAsync());
        Assert.True(expected > 10, $"{expected} mails");
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == DemoPeople.Employee && m.Purpose == "round-opened")));
        await MailFolder.MailsAsync(app, expected);

        // Each of the pair, and a colleague, subscribes to their calendar feed; what each feed holds counts as seen by its owner.
        foreach (var (visitor, client) in new[] { (DemoPeople.Employee, ida), (DemoPeople.CurrentLeader, karsten), (DemoPeople.OtherEmployee, await app.SignedInAsync(DemoPeople.OtherEmployee)) })
        {
            await WriteAsync(seen, client, visitor, "/profile/calendar", new Dictionary<string, string>(), "handler=Create");
            var address = (await client.GetPageAsync("/profile/calendar")).QuerySelector("#feed-address")!.TextContent;
            var feed = await app.CreateBrowserlikeClient().GetAsync(address);
            Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
            seen.Add(visitor, address, feed, await feed.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Addresses beyond the matrix's own: its pages with their query parameters varied, and HR's list per status.</summary>
    private static IEnumerable<(string Route, string Url)> Variants(AccessMatrix.Ids ids) =>
    [
        ("accounts", "/accounts?query=ida"),
        ("accounts", "/accounts?query=brandt&side=1"),
        ("accounts", "/accounts?side=2"),
        ("Organisation", "/Organisation?query=Ida"),
        ("Organisation", "/Organisation?unitid=2"),
        ("Organisation", "/Organisation?side=1"),
        ("Rounds/Progress/{id:int}", $"/Rounds/Progress/{ids.Round}?query=Ida"),
        ("Rounds/Progress/{id:int}", $"/Rounds/Progress/{ids.Round}?side=1"),
        ("Start/Leader", "/Start/Leader?side=1&samtaler=1"),
        ("profile/access", "/profile/access?side=1"),
        ("sign-in", $"/sign-in?ReturnUrl=%2Fpreparation%2F{ids.Conversation}"),
        .. Enum.GetNames<ForwardedStatus>().Select(s => ("forwarded", "/forwarded?Show=" + s)),
    ];

    /// <summary>Every GET of the access matrix, its named downloads and the variants, following no redirect.</summary>
    private static async Task VisitEverythingAsync(MusApp app, AccessMatrix.Ids ids, string visitor, Seen seen)
    {
        var client = app.CreateBrowserlikeClient();
        if (visitor != AccessMatrix.Anonymous)
        {
            await client.SignInAsync(visitor, DemoOrganisation.Password);
            if (visitor == AccessMatrix.Disabled)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                await users.CloseAsync((await users.FindByEmailAsync(visitor))!);
            }
        }

        var requests = AccessMatrix.Endpoints
            .SelectMany(e => new[] { (Url: ids.Fill(e.Url), Rule: e.Get, Type: TypeOf(e.Route, null)) }
                .Concat(e.NamedGets.Select(h => (Url: e.PostUrl(h.Handler, ids), h.Rule, Type: TypeOf(e.Route, h.Handler)))))
            .Concat(Variants(ids).Select(v => (v.Url, AccessMatrix.Endpoints.Single(e => e.Route == v.Route).Get, Type: "text/html")));
        foreach (var (url, rule, type) in requests)
        {
            var response = await client.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            // A document the visitor may see must arrive whole before it is searched: a failed PDF is not a clean one.
            if (rule.For(visitor) == Outcome.Ok && (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != type))
            {
                seen.Faults.Add($"{visitor} GET {url}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, not 200 {type}");
                continue;
            }

            var body = response.Content.Headers.ContentType?.MediaType == "application/pdf" ? PdfText(bytes) : Encoding.UTF8.GetString(bytes);
            seen.Add(visitor, url, response, body);
        }
    }

    /// <summary>Everyone, page by page, and each one alone, as the provisioning client reads them.</summary>
    private static async Task ReadThroughScimAsync(MusApp app, Seen seen)
    {
        using var scim = await ApiClientTokens.ClientWithAsync(app, Mus.Web.Api.Clients.ApiScopes.Scim);
        var ids = await app.WithDbAsync(db => db.People.Select(p => p.Id).ToListAsync());
        var urls = Enumerable.Range(0, (ids.Count / 50) + 1).Select(page => $"/scim/v2/Users?startIndex={(page * 50) + 1}&count=50")
            .Concat(ids.Select(id => $"/scim/v2/Users/{id}"))
            .Append("/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{DemoPeople.Employee}\""))
            .Concat(["/scim/v2/ServiceProviderConfig", "/scim/v2/ResourceTypes", "/scim/v2/Schemas"]);
        foreach (var url in urls)
        {
            var response = await scim.GetAsync(url);
            if (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/scim+json")
            {
                seen.Faults.Add($"{ScimClient} GET {url}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, not 200 application/scim+json");
                continue;
            }

            seen.Add(ScimClient, url, response, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Every endpoint of API v1 that reads, for every round and every approved plan.</summary>
    private static async Task ReadThroughApiAsync(MusApp app, Seen seen)
    {
        var scopes = Mus.Web.Api.Clients.ApiScopes.All.Where(s => s != Mus.Web.Api.Clients.ApiScopes.Scim).ToArray();
        using var api = await ApiClientTokens.ClientWithAsync(app, scopes);
        var rounds = await app.WithDbAsync(db => db.Rounds.Select(r => r.Id).ToListAsync());
        var plans = await app.WithDbAsync(db => db.Conversations.Where(c => c.PlanApprovedAt != null).Select(c => c.Id).ToListAsync());
        Assert.NotEmpty(plans);
        var urls = new[] { "/api/v1/rounds", "/api/v1/plans?pageSize=1000", "/api/v1/forwarded" }
            .Concat(rounds.SelectMany(r => new[] { $"/api/v1/rounds/{r}", $"/api/v1/rounds/{r}/conversations?pageSize=1000" }))
            .Concat(plans.SelectMany(p => new[] { $"/api/v1/plans/{p}", $"/api/v1/plans/{p}/pdf" }));
        foreach (var url in urls)
        {
            var response = await api.GetAsync(url);
            var type = url.EndsWith("/pdf", StringComparison.Ordinal) ? "application/pdf" : "application/json";
            if (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != type)
            {
                seen.Faults.Add($"{HrSystem} GET {url}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, not 200 {type}");
                continue;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync();
            seen.Add(HrSystem, url, response, type == "application/pdf" ? PdfText(bytes) : Encoding.UTF8.GetString(bytes));
        }
    }

    private static string TypeOf(string route, string? handler) => (route, handler) switch
    {
        (_, "Pdf" or "File") or ("conversations/{id:int}/plan/pdf", _) => "application/pdf",
        (_, "Json") or ("api/{documentName}/openapi.json", _) => "application/json",
        (_, "Csv") => "text/csv",
        ("health/live" or "health/ready", _) => "text/plain",
        _ => "text/html",
    };

    public static TheoryData<string, string> ProvidersAndVisitors()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var visitor in AccessMatrix.Visitors.Append(ScimClient).Append(HrSystem))
            {
                data.Add(provider, visitor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ThePersonnelFile_GetsTheApprovedPlanWithItsGoesFurtherItem_AndNothingElse(string provider)
    {
        var crawl = await crawls.ForAsync(provider);

        Assert.Contains("\"planVersion\"", crawl.Journal, StringComparison.Ordinal);
        foreach (var canary in All)
        {
            Assert.True(ApprovedPlan.Contains(canary) == crawl.Journal.Contains(canary, StringComparison.Ordinal),
                $"the journal: {canary} is {(ApprovedPlan.Contains(canary) ? "missing" : "there")}");
        }
    }

    [Theory]
    [MemberData(nameof(ProvidersAndVisitors))]
    public async Task EachCanary_AppearsOnlyWhereTheRulesAllow(string provider, string visitor)
    {
        var crawl = await crawls.ForAsync(provider);
        var text = crawl.Bodies[visitor];
        foreach (var canary in All)
        {
            Assert.True(Allowed[visitor].Contains(canary) == text.Contains(canary, StringComparison.Ordinal),
                $"{visitor}: {canary} is {(Allowed[visitor].Contains(canary) ? "missing" : "visible")}");
        }
    }

    /// <summary>
    /// Each channel on its own (a union per visitor would let a page show what only a PDF should):
    /// exactly which canaries each visitor's pages, PDFs, CSV, JSON, SCIM answers and calendar feed carry.
    /// A channel not named for a visitor carries none.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> ByChannel = new()
    {
        [HrSystem] = new() { ["json"] = ApprovedPlan, ["pdf"] = ApprovedPlan },
        [DemoPeople.Hr] = new() { ["page"] = [Forwarded] },
        // Ida's own export (JSON and PDF) holds all she may see; her feed only where to meet.
        [DemoPeople.Employee] = new()
        {
            ["page"] = Allowed[DemoPeople.Employee],
            ["json"] = Allowed[DemoPeople.Employee],
            ["pdf"] = [.. Allowed[DemoPeople.Employee].Except([Location])],
            ["feed"] = [Location],
        },
        [AccessMatrix.Colleague] = new() { ["page"] = [Plan] },
        // Karsten's PDF is the plan's.
        [DemoPeople.CurrentLeader] = new() { ["page"] = Allowed[DemoPeople.CurrentLeader], ["pdf"] = ApprovedPlan, ["feed"] = [Location] },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndVisitors))]
    public async Task EachChannel_CarriesExactlyTheCanariesItShould(string provider, string visitor)
    {
        var crawl = await crawls.ForAsync(provider);
        var expected = ByChannel.GetValueOrDefault(visitor) ?? [];
        var channels = crawl.Channels.Where(c => c.Key.Visitor == visitor).ToDictionary(c => c.Key.Channel, c => c.Value);
        Assert.All(expected.Keys, channel => Assert.True(channels.ContainsKey(channel), $"{visitor} got nothing by {channel}"));
        foreach (var (channel, text) in channels)
        {
            var shouldCarry = expected.GetValueOrDefault(channel) ?? [];
            foreach (var canary in All)
            {
                Assert.True(shouldCarry.Contains(canary) == text.Contains(canary, StringComparison.Ordinal),
                    $"{visitor}'s {channel}: {canary} is {(shouldCarry.Contains(canary) ? "missing" : "there")}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryDocument_ArrivedAsTheMatrixPromises_SoEveryOneWasSearched(string provider)
    {
        var crawl = await crawls.ForAsync(provider);

        Assert.True(crawl.Faults.Count == 0, string.Join('\n', crawl.Faults));
        // The downloads were among them, as PDF and JSON, and SCIM's answers (Ida among the people read).
        Assert.Contains("Content-Type: application/pdf", crawl.UrlsAndHeaders, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/scim+json", crawl.UrlsAndHeaders, StringComparison.Ordinal);
        Assert.Contains("Ida Brandt", crawl.Bodies[ScimClient], StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", crawl.UrlsAndHeaders, StringComparison.Ordinal);
        // The figures were shown, with Ida's answers among them: HR's report and its CSV, and Karsten's summary.
        Assert.Contains("id=\"table-agenda\"", crawl.Bodies[DemoPeople.Hr], StringComparison.Ordinal);
        Assert.Contains("Drift og anlæg;6;Temaer på dagsordenen;Opgaver;", crawl.Bodies[DemoPeople.Hr], StringComparison.Ordinal);
        Assert.Contains("id=\"table-evaluation\"", crawl.Bodies[DemoPeople.CurrentLeader], StringComparison.Ordinal);
        Assert.Contains("Mange af jer vil have mere tid til opgaver på tværs.", crawl.Bodies[AccessMatrix.Colleague], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NoCanary_IsInAUrlAHeaderALogLineOrAMail(string provider)
    {
        var crawl = await crawls.ForAsync(provider);
        var mails = new List<(string To, string Text)>();
        foreach (var file in Directory.GetFiles(crawl.App.MailDirectory, "*", SearchOption.AllDirectories))
        {
            var mail = await MimeKit.MimeMessage.LoadAsync(file);
            // Every part, attachments (the .ics) included, decoded.
            var text = string.Join('\n', mail.BodyParts.OfType<MimeKit.TextPart>().Select(p => p.Text).Append(mail.Subject));
            mails.Add((mail.To.Mailboxes.Single().Address, text));
        }

        Assert.Contains(mails, m => m.Text.Contains("BEGIN:VCALENDAR", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == DemoPeople.Employee && m.Text.Contains("Ekstra runde er begyndt", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == DemoPeople.OtherLeader && m.Text.Contains("har sagt nej tak", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "torben.skov@fjordby.example.dk" && m.Text.Contains("e-mailadresse i MUS er ændret", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "kasper.bak@fjordby.example.dk" && m.Text.Contains("seniorsamtale", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == DemoPeople.OtherLeader && m.Text.Contains("siger ja til en seniorsamtale", StringComparison.Ordinal));
        Assert.NotEmpty(crawl.App.Logs.Lines);
        Assert.Contains("mus_audit_batch_rows", crawl.Metrics, StringComparison.Ordinal);

        foreach (var (channel, text) in new[]
        {
            ("URLs and headers", crawl.UrlsAndHeaders),
            ("logs", string.Join('\n', crawl.App.Logs.Lines)),
            ("metrics", crawl.Metrics),
        })
        {
            Assert.True(!text.Contains("CANARY", StringComparison.Ordinal), $"A canary is in the {channel}");
        }

        // Mail carries dates, places and links, never what is said: no compartment's text in any mail,
        // and the meeting place only in the invitations to the two of them.
        Assert.DoesNotContain(mails, m => m.Text.Contains("CANARY-", StringComparison.Ordinal));
        var withPlace = mails.Where(m => m.Text.Contains(Location, StringComparison.Ordinal)).Select(m => m.To).Distinct().Order().ToList();
        Assert.Equal([DemoPeople.Employee, DemoPeople.CurrentLeader], withPlace);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NoCanary_IsInTheStoredDatabase(string provider)
    {
        var crawl = await crawls.ForAsync(provider);
        // Every file of the data directory: the SQLite file and its WAL, the shred journal, the mail folder, keys.
        var files = Directory.GetFiles(crawl.App.Database.Directory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("shred-journal.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".eml", StringComparison.Ordinal));
        var stored = new List<(string Where, byte[] Bytes)>();
        foreach (var file in files)
        {
            stored.Add((Path.GetRelativePath(crawl.App.Database.Directory, file), await File.ReadAllBytesAsync(file)));
        }

        if (provider == TestDatabase.Sqlite)
        {
            Assert.Contains(files, f => f.EndsWith("mus.db-wal", StringComparison.Ordinal));
        }
        else
        {
            stored.Add(("pg_dump", await PostgresTools.DumpAsync(crawl.App.Database.ConnectionString!)));
            // The server's own files: its write-ahead log and its log (the test script starts it with its data directory here).
            var serverData = Environment.GetEnvironmentVariable(PostgresTools.DataDirectoryVariable);
            Assert.False(string.IsNullOrEmpty(serverData), $"{PostgresTools.DataDirectoryVariable} names the test server's data directory (the test script sets it)");
            await PostgresTools.CheckpointAsync(crawl.App.Database.ConnectionString!);
            var serverFiles = Directory.GetFiles(Path.Combine(serverData!, "pg_wal"), "*", SearchOption.TopDirectoryOnly).Append(Path.Combine(serverData!, "server.log")).ToList();
            Assert.Contains(serverFiles, f => Path.GetFileName(f).Length == 24);
            foreach (var file in serverFiles)
            {
                stored.Add((file, await File.ReadAllBytesAsync(file)));
            }
        }

        // Plain bytes, and bytes as a dump writes a bytea value (hex).
        var canary = "CANARY-"u8.ToArray();
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(canary));
        // What is stored in plaintext on purpose (a name, the meeting place) is found: the search sees the data.
        Assert.Contains(stored, s => s.Bytes.AsSpan().IndexOf("Ida Brandt"u8) >= 0);
        Assert.Contains(stored, s => s.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Location)) >= 0);
        foreach (var (where, bytes) in stored)
        {
            Assert.True(bytes.AsSpan().IndexOf(canary) < 0 && bytes.AsSpan().IndexOf(hex) < 0, $"{where} holds a canary in plaintext");
        }
    }

    // PdfPig gives the letters as drawn; the canaries have no spaces, so joining them is enough.
    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));
    }
}
