using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Mus.Web;
using Mus.Web.Data;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Pages.Rounds.Report;

namespace Mus.Bench;

/// <summary>
/// HR's round report over a round of 25,000 held conversations in 500 units (the round benchmark's
/// organisation), each with sealed figures as a real round leaves them (agenda, evaluation, plan):
/// counting every cut and showing the top unit, and the CSV of every shown cut, each timed alone after a
/// warm-up, beside a bare count of the round's conversations in the same run.
/// Run: dotnet run -c Release --project bench/Mus.Bench -- report [--provider Postgres] [--employees 25000] [--runs 15]
/// </summary>
internal static class ReportBenchmark
{
    private static readonly string[] Themes = ["lookback", "tasks", "relations", "competence-needs", "other"];

    public static async Task<int> RunAsync(string[] args)
    {
        var employees = LoadBenchmark.Option(args, "--employees", "25000", int.Parse);
        var runs = LoadBenchmark.Option(args, "--runs", "15", int.Parse);
        var provider = LoadBenchmark.Option(args, "--provider", "Sqlite", s => s);
        var (settings, _) = await LoadBenchmark.SettingsAsync(args, "mus-report-", provider);
        int topUnit;
        var factory = LoadBenchmark.SeedingHost(settings);
        await RoundBenchmark.SeedAsync(factory.Services, employees, 500);
        int roundId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            roundId = (await LoadBenchmark.OpenRoundForEveryoneAsync(scope.ServiceProvider, "Report")).RoundId;
            await HoldEveryConversationAsync(scope.ServiceProvider, roundId);
        }

        // One unit with fifteen held conversations (the rest of its fifty not held yet): its leader's page.
        int unitId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            unitId = await db.People.Where(p => p.EmployeeNumber == "L7").Select(p => p.OrgUnitId).SingleAsync();
            var notYet = await db.Conversations.Where(c => c.RoundId == roundId && c.UnitIdAtRound == unitId).OrderBy(c => c.Id).Skip(15).Select(c => c.Id).ToListAsync();
            await db.Conversations.Where(c => notYet.Contains(c.Id)).ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, ConversationStatus.Preparing));
        }

        async Task<double> MedianAsync(Func<AppDbContext, IServiceProvider, Task> work)
        {
            var measured = new List<double>();
            for (var run = -3; run < runs; run++)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.OpenConnectionAsync();
                var watch = Stopwatch.StartNew();
                await work(db, scope.ServiceProvider);
                watch.Stop();
                if (run >= 0)
                {
                    measured.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            measured.Sort();
            return measured[measured.Count / 2];
        }

        var bare = await MedianAsync((db, _) => db.Conversations.CountAsync(c => c.RoundId == roundId && c.Status == ConversationStatus.Held));
        RoundReport counted = null!;
        // Publishing: read and open every held conversation's figures, decide every group for everyone and
        // for each question's answerers (units as a tree, job groups by the cut check), add up the shown ones.
        var publish = await MedianAsync(async (db, services) => counted = await RoundCounting.CountAsync(db, services.GetRequiredService<CompartmentCipher>(), roundId, 5));
        (Dictionary<int, int?> ParentOf, List<RoundReport.Counted> Held) read = ([], []);
        var reading = await MedianAsync(async (db, services) => read = await RoundCounting.ReadAsync(db, services.GetRequiredService<CompartmentCipher>(), roundId));
        // The decision alone, in memory: every group for everyone and each question, and the shown groups' sums.
        var decide = await MedianAsync((_, _) => Task.FromResult(RoundReport.Build(5, read.ParentOf, read.Held)));
        var questions = read.Held.SelectMany(c => c.Encoded).SelectMany(e => e.Split('\n')).Where(l => l.Contains('\t', StringComparison.Ordinal))
            .Select(l => RoundReport.QuestionOf(l[..l.IndexOf('\t', StringComparison.Ordinal)])).Distinct().Count() + 1;
        var document = counted.Write();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Published, as the first read after the deadline (or HR's button) does: every page reads this row.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.PublishedFigures.Add(new PublishedFigures { RoundId = roundId, PublishedAt = DateTimeOffset.UtcNow, Document = document });
            await db.SaveChangesAsync();
        }

        var page = await MedianAsync(async (db, services) =>
        {
            var report = RoundReport.Read(await db.PublishedFigures.Where(p => p.RoundId == roundId).Select(p => p.Document).SingleOrDefaultAsync() ?? document);
            var labels = await ReportLabels.ForAsync(db, services.GetRequiredService<PublishedTemplates>(), roundId);
            var top = report.Groups.Where(d => d.Shown).MaxBy(d => d.People)!;
            var sections = new ReportSections(report.For(top.Key)!, null, labels, services.GetRequiredService<IStringLocalizer<Text>>());
            _ = (sections.Agenda, sections.Evaluation, sections.ActionKinds, sections.BelowStandard, sections.Overview);
        });
        var csv = await MedianAsync(async (db, services) =>
        {
            var report = RoundReport.Read(document);
            var labels = await ReportLabels.ForAsync(db, services.GetRequiredService<PublishedTemplates>(), roundId);
            var groups = report.Groups.Select(d => new IndexModel.Option(d.Key, d.Key, 0, d.People, d.Reason)).ToList();
            _ = ReportCsv.Write(report, groups, labels, services.GetRequiredService<IStringLocalizer<Text>>());
        });

        var leaderPeople = counted.For(OrganisationCuts.UnitKey(unitId))?.People;
        var tooFew = counted.Groups.Count(g => g.Reason == Suppression.TooFew);
        var differencing = counted.Groups.Count(g => g.Reason == Suppression.Differencing);
        Console.WriteLine($"{provider}: {counted.PeopleCounted:N0} held conversations counted; of {counted.Groups.Count} groups {counted.Groups.Count(g => g.Shown)} shown, {tooFew} too small, {differencing} hidden so that no sum or difference isolates a few ({document.Length / 1024} KB published)");
        Console.WriteLine($"publishing (count and decide every group for everyone and each question): median {publish:F1} ms over {runs} runs");
        Console.WriteLine($"  of which reading and opening the figures {reading:F1} ms, deciding {questions} questions' groups and adding up {decide:F1} ms");
        Console.WriteLine($"report page from the published figures (largest group): median {page:F1} ms; a leader's unit ({leaderPeople?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "hidden"} people) reads the same");
        Console.WriteLine($"CSV of every shown group: median {csv:F1} ms");
        Console.WriteLine($"bare count of the round's held conversations: median {bare:F1} ms (publishing/bare {publish / bare:F0}x, page/bare {page / bare:F1}x)");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            topUnit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OrgUnits.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
        }

        await factory.DisposeAsync();

        // The page itself, as HR's browser gets it from MUS in its own process, beside a bare health check.
        using var app = LoadBenchmark.StartApp(settings, out var port);
        try
        {
            await LoadBenchmark.WaitUntilReadyAsync(port);
            var cookie = await LoadBenchmark.SignInAsync(port, RoundBenchmark.HrEmail);
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            async Task<double> PageAsync(string path, string expected)
            {
                var measured = new List<double>();
                for (var run = -3; run < runs; run++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Add("X-Forwarded-Proto", "https");
                    request.Headers.Host = "localhost";
                    request.Headers.Add("Cookie", cookie);
                    var watch = Stopwatch.StartNew();
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    watch.Stop();
                    if (response.StatusCode != System.Net.HttpStatusCode.OK || !body.Contains(expected, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} without \"{expected}\".");
                    }

                    if (run >= 0)
                    {
                        measured.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                measured.Sort();
                return measured[measured.Count / 2];
            }

            var health = await PageAsync("/health/live", "");
            var reportPage = await PageAsync($"/rounds/{roundId}/report?gruppe=unit:{topUnit}&sammenlign=0", "table-agenda");
            Console.WriteLine($"HR's report page over HTTP (top unit, charts and tables): median {reportPage:F1} ms; bare /health/live {health:F1} ms");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
        }

        return 0;
    }

    // Every conversation held, with the figures a round leaves: an agenda, both evaluations and an approved plan's actions.
    private static async Task HoldEveryConversationAsync(IServiceProvider services, int roundId)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var cipher = services.GetRequiredService<CompartmentCipher>();
        var now = DateTimeOffset.UtcNow;
        await db.Conversations.Where(c => c.RoundId == roundId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Status, ConversationStatus.Held)
            .SetProperty(c => c.HeldAt, now)
            .SetProperty(c => c.HeldWithLeaderId, c => c.LeaderId));
        var ids = await db.Conversations.Where(c => c.RoundId == roundId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        var random = new Random(13);
        foreach (var batch in ids.Chunk(2000))
        {
            foreach (var id in batch)
            {
                Figure[] agenda = [.. Themes.Where(_ => random.Next(3) == 0).Select(t => new Figure(Figures.Agenda, t)), new(Figures.AgendaFirst, Themes[random.Next(Themes.Length)])];
                Figure[] employee = [new("eval-employee:eval-useful", (1 + random.Next(5)).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("eval-employee:eval-heard", (1 + random.Next(5)).ToString(System.Globalization.CultureInfo.InvariantCulture))];
                Figure[] leader = [new("eval-leader:eval-useful", (1 + random.Next(5)).ToString(System.Globalization.CultureInfo.InvariantCulture))];
                Figure[] plan = [new(Figures.ApprovedPlan, "yes"), .. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => new Figure(Figures.ActionKind, Mus.Web.Domain.Plans.ActionChoices.Methods[random.Next(7)]))];
                db.ConversationFigures.Add(new ConversationFigures
                {
                    ConversationId = id,
                    SharedNotes = cipher.SealFigures(Figures.Encode(agenda), id, PartKind.SharedNotes),
                    EmployeeEvaluation = cipher.SealFigures(Figures.Encode(employee), id, PartKind.EmployeeEvaluation),
                    LeaderEvaluation = cipher.SealFigures(Figures.Encode(leader), id, PartKind.LeaderEvaluation),
                    Plan = cipher.SealFigures(Figures.Encode(plan), id, PartKind.Plan),
                });
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
