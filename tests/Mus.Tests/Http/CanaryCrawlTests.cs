using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Plans;
using Mus.Web.Data.Demo;
using Mus.Web.Domain;
using Mus.Web.Domain.Plans;
using UglyToad.PdfPig;

namespace Mus.Tests.Http;

/// <summary>
/// A unique text in every compartment of Ida Brandt's conversation; then every page, PDF and export
/// of the access matrix is fetched by each kind of visitor. Each text may appear only where the
/// confidentiality rules allow it — and never in a URL, a header, a log line, a mail, the SQLite file
/// with its WAL, or a dump of the PostgreSQL database.
/// </summary>
public sealed class CanaryCrawlTests(CanaryCrawlTests.Crawls crawls) : IClassFixture<CanaryCrawlTests.Crawls>
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

    private static readonly string[] Pair = [SharedNotes, Plan, Forwarded, FollowUp];

    /// <summary>Which canaries each visitor may see somewhere: the pair their own and the shared ones, HR the forwarded item, nobody else anything.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [AccessMatrix.Anonymous] = [],
        [DemoPeople.Employee] = [EmployeePreparation, EmployeeEvaluation, .. Pair],
        [DemoPeople.OtherEmployee] = [],
        [DemoPeople.CurrentLeader] = [LeaderPreparation, LeaderEvaluation, .. Pair],
        [AccessMatrix.FormerLeader] = [],
        [DemoPeople.OtherLeader] = [],
        [DemoPeople.LeadersLeader] = [],
        [DemoPeople.Hr] = [Forwarded],
        [DemoPeople.Administrator] = [],
        [AccessMatrix.Disabled] = [],
    };

    /// <summary>What one crawl saw: per visitor the bodies (PDF text extracted), and every URL and header on the way.</summary>
    public sealed record Crawl(MusApp App, IReadOnlyDictionary<string, string> Bodies, string UrlsAndHeaders);

    /// <summary>One crawl per provider, made once for all the tests of this class.</summary>
    public sealed class Crawls() : PerProvider<Crawl>(MakeAsync, crawl => crawl.App)
    {
        private static async Task<Crawl> MakeAsync(string provider)
        {
            // The application logs at Debug here, more than in production, so that more could leak.
            var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            });
            var ids = await AccessMatrix.Ids.LoadAsync(app);
            await WriteCanariesAsync(app, ids.Conversation);

            var bodies = new Dictionary<string, string>();
            var urlsAndHeaders = new StringBuilder();
            foreach (var visitor in AccessMatrix.Visitors)
            {
                bodies[visitor] = await VisitEverythingAsync(app, ids, visitor, urlsAndHeaders);
            }

            return new Crawl(app, bodies, urlsAndHeaders.ToString());
        }
    }

    /// <summary>
    /// Thomas Engberg leads Ida for a moment first (so he is a former leader); then each party writes
    /// into each compartment, and a password-reset mail goes out, so the mail folder is not empty.
    /// </summary>
    private static async Task WriteCanariesAsync(MusApp app, int id)
    {
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        await hr.PostFormAsync($"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1050" });
        await hr.PostFormAsync($"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1010" });

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
        await app.CreateBrowserlikeClient().PostFormAsync("/account/forgotpassword", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        await MailFolder.MailsAsync(app, 1);
    }

    /// <summary>Every GET of the access matrix, the exports in both formats and HR's list per status, following no redirect.</summary>
    private static async Task<string> VisitEverythingAsync(MusApp app, AccessMatrix.Ids ids, string visitor, StringBuilder urlsAndHeaders)
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

        var urls = AccessMatrix.Endpoints.Select(e => ids.Fill(e.Url))
            .Concat(["/profile/export?handler=Json", "/profile/export?handler=Pdf", .. Enum.GetNames<ForwardedStatus>().Select(s => "/forwarded?Show=" + s)]);
        var seen = new StringBuilder();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var body = response.Content.Headers.ContentType?.MediaType == "application/pdf" ? PdfText(bytes) : Encoding.UTF8.GetString(bytes);
            seen.Append(body);
            urlsAndHeaders.AppendLine(url).AppendLine(response.Headers.ToString()).AppendLine(response.Content.Headers.ToString());
            // Every address a page links to or posts to: content must not travel in a URL.
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(body, "(?:href|action|src|formaction)=\"([^\"]*)\""))
            {
                urlsAndHeaders.AppendLine(link.Groups[1].Value);
            }
        }

        return seen.ToString();
    }

    public static TheoryData<string, string> ProvidersAndVisitors()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var visitor in AccessMatrix.Visitors)
            {
                data.Add(provider, visitor);
            }
        }

        return data;
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NoCanary_IsInAUrlAHeaderALogLineOrAMail(string provider)
    {
        var crawl = await crawls.ForAsync(provider);
        var mails = Directory.GetFiles(crawl.App.MailDirectory).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(mails);
        Assert.NotEmpty(crawl.App.Logs.Lines);

        foreach (var (channel, text) in new[]
        {
            ("URLs and headers", crawl.UrlsAndHeaders),
            ("logs", string.Join('\n', crawl.App.Logs.Lines)),
            ("mail", string.Join('\n', mails)),
        })
        {
            Assert.True(!text.Contains("CANARY-", StringComparison.Ordinal), $"A canary is in the {channel}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NoCanary_IsInTheStoredDatabase(string provider)
    {
        var crawl = await crawls.ForAsync(provider);
        var stored = new List<(string Where, byte[] Bytes)>();
        if (provider == TestDatabase.Sqlite)
        {
            var files = Directory.GetFiles(crawl.App.Database.Directory, "mus.db*");
            Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
            foreach (var file in files)
            {
                stored.Add((Path.GetFileName(file), await File.ReadAllBytesAsync(file)));
            }
        }
        else
        {
            stored.Add(("pg_dump", await PostgresTools.DumpAsync(crawl.App.Database.ConnectionString!)));
        }

        // Plain bytes, and bytes as a dump writes a bytea value (hex).
        var canary = "CANARY-"u8.ToArray();
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(canary));
        // What is stored in plaintext on purpose (a name) is found: the search sees the data.
        Assert.Contains(stored, s => s.Bytes.AsSpan().IndexOf("Ida Brandt"u8) >= 0);
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
