using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Statistics;
using Mus.Web.Pages.Conversations.Preparation;
using Mus.Web.Pages.Rounds.Report;

namespace Mus.Tests.Pages.Rounds.Report;

/// <summary>
/// HR's round report over the demo's current round: Karsten Lund's thirteen people hold their
/// conversations (agenda, evaluation and plan saved as the pages save them), and the report counts
/// exactly their structured answers, for groups of at least five that cannot be subtracted from each other.
/// </summary>
public sealed class RoundReportTests
{
    private const string Canary = "KANARIE-fritekst-5";

    /// <summary>What each of Karsten's people put on the agenda, rated the conversation, and agreed.</summary>
    private static (string[] Agenda, string Useful, string How) AnswersOf(int index) => (
        index % 3 == 0 ? ["relations", "tasks"] : ["tasks"],
        (1 + (index % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        index % 2 == 0 ? "course" : "on-the-job");

    internal static async Task<(int Round, List<(int Conversation, string Number)> Drift)> HoldDriftAsync(MusApp app) => await app.WithDbAsync(async db =>
    {
        var round = await db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync();
        var conversations = await db.Conversations.Include(c => c.Employee)
            .Where(c => c.RoundId == round && c.Employee!.Leader!.EmployeeNumber == "1010")
            .OrderBy(c => c.Employee!.EmployeeNumber)
            .ToListAsync();
        var now = TestClock.UtcNow;
        foreach (var conversation in conversations)
        {
            conversation.MarkHeld(now);
        }

        await db.SaveChangesAsync();
        foreach (var (conversation, index) in conversations.Select((c, i) => (c, i)))
        {
            var answers = AnswersOf(index);
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.SharedNotes, Content = new SharedNotes { Agenda = answers.Agenda, Summary = Canary }.Write(), UpdatedAt = now });
            // A free-text answer that looks like a rating is never counted.
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.EmployeeEvaluation, Content = Answers.Write(new Dictionary<string, string> { ["eval-useful"] = answers.Useful, ["eval-better"] = "5" }), UpdatedAt = now });
            var plan = new Plan();
            plan.Edit(new PlanContent([new PlanGoal("g1", Canary, [new PlanAction("a1", Canary, Canary, answers.How, "employee", null, null, ActionStatus.Planned, index == 0 ? Canary : null)])]));
            plan.Approve(PlanParty.Employee, conversation.EmployeeId, plan.Hash, now);
            plan.Approve(PlanParty.Leader, conversation.LeaderId, plan.Hash, now);
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversation.Id, Kind = PartKind.Plan, Content = plan.Write(), UpdatedAt = now });
        }

        await db.SaveChangesAsync();
        return (round, conversations.Select(c => (c.Id, c.Employee!.EmployeeNumber)).ToList());
    });

    /// <summary>Publishes the round's figures as HR's button does before the deadline (they are published once; pages read them).</summary>
    internal static async Task PublishAsync(MusApp app, int round)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FiguresPublication>().PublishAsync(round);
    }

    private static Task<int> UnitAsync(MusApp app, string code) => app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private static Dictionary<string, string> Table(AngleSharp.Html.Dom.IHtmlDocument page, string id) =>
        page.QuerySelectorAll($"#{id} tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim())));

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task TheReport_CountsTheStructuredAnswersOfHeldConversations_AsADirectCountDoes_AndNoFreeText(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var (round, drift) = await HoldDriftAsync(app);
        await PublishAsync(app, round);
        var hr = await app.SignedInAsync(DemoPeople.Hr);

        var page = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DRIFT")}&sammenlign=0");

        Assert.Equal("Drift og anlæg", page.QuerySelector("#report-group")!.TextContent);
        Assert.Null(page.QuerySelector("#report-refusal"));
        var people = drift.Count;
        Assert.Equal(13, people);
        Assert.Contains(people.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("dl.site-facts dd")!.TextContent, StringComparison.Ordinal);
        var answers = Enumerable.Range(0, people).Select(AnswersOf).ToList();
        var agenda = Table(page, "table-agenda");
        Assert.Equal($"{answers.Count(a => a.Agenda.Contains("tasks"))}|", agenda["Opgaver"][..(agenda["Opgaver"].IndexOf('|', StringComparison.Ordinal) + 1)]);
        Assert.StartsWith($"{answers.Count(a => a.Agenda.Contains("relations"))}|", agenda["Relationer og ledelse"], StringComparison.Ordinal);
        var evaluation = Table(page, "table-evaluation");
        var useful = evaluation.Single(e => e.Key.StartsWith("Hvor udbytterig", StringComparison.Ordinal)).Value.Split('|');
        Assert.Equal(Enumerable.Range(1, 5).Select(v => answers.Count(a => a.Useful == v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture)), useful[..5]);
        // The free-text question answered "5" is not a figure at all.
        Assert.DoesNotContain(evaluation.Keys, k => k.StartsWith("Hvad kunne gøre", StringComparison.Ordinal));
        var actions = Table(page, "table-actions");
        Assert.StartsWith($"{answers.Count(a => a.How == "course")}|", actions["Kursus eller uddannelse"], StringComparison.Ordinal);
        Assert.StartsWith($"{answers.Count(a => a.How == "on-the-job")}|", actions["Læring i det daglige arbejde"], StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll("svg.bar-chart[role=img]").Length);
        Assert.All(page.QuerySelectorAll("svg.bar-chart"), svg => Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("title")?.TextContent)));
        Assert.DoesNotContain(Canary, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var csv = await hr.GetAsync($"/rounds/{round}/report?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Gruppe;Personer;Afsnit;Punkt;Antal;Ud af", lines[0]);
        Assert.Contains($"Drift og anlæg;13;Temaer på dagsordenen;Opgaver;{answers.Count(a => a.Agenda.Contains("tasks"))};13", lines);
        Assert.Contains("Drift og anlæg;13;Overblik;Punkter sendt videre fra planerne;1;", lines);
        Assert.DoesNotContain(lines, l => l.Contains(Canary, StringComparison.Ordinal) || l.Contains("Ida Brandt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThisRound_IsSetAgainstTheLast_InTheChartsAndTables_WhenBothMeetTheRule()
    {
        await using var app = await MusApp.StartAsync();
        var (round, _) = await HoldDriftAsync(app);
        await PublishAsync(app, round);
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var lastYear = await app.WithDbAsync(db => db.Rounds.Where(r => r.Id != round).Select(r => r.Name).SingleAsync());

        // Last year's round is the one compared with unless HR chooses otherwise.
        var page = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DRIFT")}");

        Assert.Null(page.QuerySelector("#no-comparison"));
        Assert.Equal(lastYear, page.QuerySelectorAll("#table-actions thead th").Last().TextContent);
        // Last year only Ida and Rasmus agreed plans: two people's actions are no figure, whatever the size of their unit.
        Assert.Equal("–", page.QuerySelectorAll("#table-actions tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Kursus eller uddannelse").QuerySelectorAll("td").Last().TextContent);
        // Everyone in the unit put themes on last year's agenda: that question is compared.
        Assert.EndsWith("%", page.QuerySelectorAll("#table-agenda tbody tr").First().QuerySelectorAll("td").Last().TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("rect[fill='url(#chart-agenda-hatch)']"));
        Assert.Contains(lastYear, page.QuerySelector("svg.bar-chart")!.TextContent, StringComparison.Ordinal);
        // The demo's last year: everyone's agenda, so every theme on it has last year's share beside it.
        Assert.All(page.QuerySelectorAll("#table-agenda tbody tr").Where(r => r.QuerySelector("th")!.TextContent == "Opgaver"), r => Assert.EndsWith("%", r.QuerySelectorAll("td").Last().TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(page.QuerySelectorAll("rect[fill='url(#chart-agenda-hatch)']"));

        // Without a comparison, no hatched bars and no column for it.
        var alone = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DRIFT")}&sammenlign=0");
        Assert.Empty(alone.QuerySelectorAll("rect[fill='url(#chart-actions-hatch)']"));
        Assert.Equal(3, alone.QuerySelectorAll("#table-actions thead th").Length);
    }

    [Fact]
    public async Task AGroupHiddenLastYear_IsShownThisYearWithoutAComparison_AndSaysWhy()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var lastYear = await app.WithDbAsync(db => db.Rounds.Where(r => r.Id != round).Select(r => r.Name).SingleAsync());
        var customer = await UnitAsync(app, "KUNDE");
        // Six of Vibeke's customer-service people hold theirs this year, each with a theme on the agenda.
        await app.WithDbAsync(async db =>
        {
            var conversations = await db.Conversations.Where(c => c.RoundId == round && c.Employee!.Leader!.EmployeeNumber == "1030").OrderBy(c => c.Id).Take(6).ToListAsync();
            foreach (var conversation in conversations)
            {
                conversation.MarkHeld(TestClock.UtcNow);
            }

            await db.SaveChangesAsync();
            db.ConversationParts.AddRange(conversations.Select(c => new ConversationPart { ConversationId = c.Id, Kind = PartKind.SharedNotes, Content = new SharedNotes { Agenda = ["tasks"] }.Write(), UpdatedAt = TestClock.UtcNow }));
            return await db.SaveChangesAsync();
        });
        await PublishAsync(app, round);
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var before = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{customer}&sammenlign=0");
        Assert.Equal("Kundeservice", before.QuerySelector("#report-group")!.TextContent);
        var lastYears = await hr.GetPageAsync($"/rounds/{await app.WithDbAsync(db => db.Rounds.Where(r => r.Id != round).Select(r => r.Id).SingleAsync())}/report?gruppe=unit:{customer}");
        Assert.NotNull(lastYears.QuerySelector("#report-refusal"));

        var page = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{customer}");

        Assert.Equal("Kundeservice", page.QuerySelector("#report-group")!.TextContent);
        Assert.Contains(lastYear, page.QuerySelector("#no-comparison")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.QuerySelectorAll("#table-agenda thead th"), th => th.TextContent == lastYear);
        Assert.Empty(page.QuerySelectorAll("rect[fill='url(#chart-agenda-hatch)']"));
    }

    [Fact]
    public async Task GroupsBelowFive_AndGroupsThatDifferByFewerThanFive_GetAMessageAndNoFigure()
    {
        await using var app = await MusApp.StartAsync();
        var (round, _) = await HoldDriftAsync(app);
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var drift = await UnitAsync(app, "DRIFT");

        // Three of the customer service people hold theirs too: their unit has too few, and the whole
        // organisation (16) minus the operations unit (13) would tell what those three answered: the
        // operations unit is hidden, the organisation shown.
        await app.WithDbAsync(async db =>
        {
            foreach (var conversation in await db.Conversations.Where(c => c.RoundId == round && c.Employee!.OrgUnit!.Code == "KUNDE" && c.Employee.Leader!.EmployeeNumber == "1030").OrderBy(c => c.Id).Take(3).ToListAsync())
            {
                conversation.MarkHeld(TestClock.UtcNow);
            }

            return await db.SaveChangesAsync();
        });
        await PublishAsync(app, round);

        var customer = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "KUNDE")}");
        Assert.Contains("færre end 5 personer", customer.QuerySelector("#report-refusal")!.TextContent, StringComparison.Ordinal);
        // Nor does the list say how many there are (beside the round's progress, it would tell how many opted
        // out), for a group too small or one hidden for another.
        Assert.EndsWith("Kundeservice (under 5) – vises ikke", customer.QuerySelector($"#gruppe option[value='unit:{await UnitAsync(app, "KUNDE")}']")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("Drift og anlæg (–) – vises ikke", customer.QuerySelector($"#gruppe option[value='unit:{drift}']")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("Fjordby Forsyning (16)", customer.QuerySelector($"#gruppe option[value='unit:{await UnitAsync(app, "DIR")}']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(customer.QuerySelector("#table-agenda"));
        var operations = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{drift}");
        Assert.Contains("sammen med »Fjordby Forsyning« og de andre viste grupper", operations.QuerySelector("#report-refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(operations.QuerySelector("#table-agenda"));
        var whole = await hr.GetPageAsync($"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DIR")}");
        Assert.Null(whole.QuerySelector("#report-refusal"));
        Assert.NotNull(whole.QuerySelector("#table-agenda"));

        // A group that is not one of the report's, and a leader's own people: a message, never a figure or an error.
        foreach (var key in new[] { "unit:999999", "leader:1", "nonsense", "job-group:-1", "unit:" + new string('9', 40) })
        {
            var response = await hr.GetAsync($"/rounds/{round}/report?gruppe={Uri.EscapeDataString(key)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var refused = await response.ParseAsync();
            Assert.Contains("findes ikke i rundens tal", refused.QuerySelector("#report-refusal")!.TextContent, StringComparison.Ordinal);
            Assert.Null(refused.QuerySelector("#table-agenda"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/rounds/999999/report")).StatusCode);
    }

    [Fact]
    public async Task OptingOut_BeforeTheFiguresArePublished_TakesTheConversationOut_AfterThemTheChoiceIsClosed_AndTheFiguresDoNotMove()
    {
        await using var app = await MusApp.StartAsync();
        var (round, drift) = await HoldDriftAsync(app);
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var idas = drift.Single(d => d.Number == DemoPeople.EmployeeNumber).Conversation;
        var url = $"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DRIFT")}&sammenlign=0";
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas && f.SharedNotes != null)));
        // Before the deadline nothing is shown, so there is nothing to read twice.
        Assert.NotNull((await hr.GetPageAsync(url)).QuerySelector("#report-not-published"));

        var participation = await ida.GetPageAsync($"/conversations/{idas}/participation");
        Assert.Contains("tæller anonymt med", participation.QuerySelector("#statistics + p")!.TextContent, StringComparison.Ordinal);
        // A post that does not say which changes nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await ida.PostFormAsync($"/conversations/{idas}/participation", new Dictionary<string, string> { ["count"] = "" }, formAction: "handler=Statistics")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas)));
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idas}/participation", new Dictionary<string, string> { ["count"] = "false" }, formAction: "handler=Statistics")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas)));
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idas}/participation", new Dictionary<string, string> { ["count"] = "true" }, formAction: "handler=Statistics")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas && f.SharedNotes != null && f.Plan != null && f.EmployeeEvaluation != null)));
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idas}/participation", new Dictionary<string, string> { ["count"] = "false" }, formAction: "handler=Statistics")).StatusCode);

        await PublishAsync(app, round);

        Assert.StartsWith("12|", Table(await hr.GetPageAsync(url), "table-agenda")["Opgaver"], StringComparison.Ordinal);
        var csv = await (await hr.GetAsync($"/rounds/{round}/report?handler=Csv")).Content.ReadAsByteArrayAsync();
        var rasmus = await app.SignedInAsync("rasmus.thorsen@fjordby.example.dk");
        var rasmuss = drift.Single(d => d.Number == "1012").Conversation;
        // After: Rasmus cannot take his answers out, nor Ida put hers back (the page has no such form now:
        // a post made by hand with the page's token); the page says the figures are totals.
        static async Task<HttpStatusCode> ChooseAsync(HttpClient client, int conversation, string count)
        {
            var token = (await client.GetPageAsync($"/conversations/{conversation}/participation")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            return (await client.PostAsync($"/conversations/{conversation}/participation?handler=Statistics", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["count"] = count }))).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Conflict, await ChooseAsync(rasmus, rasmuss, "false"));
        Assert.Equal(HttpStatusCode.Conflict, await ChooseAsync(ida, idas, "true"));
        Assert.Null(await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == rasmuss).Select(c => c.StatisticsOptOutAt).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas)));
        var closed = await ida.GetPageAsync($"/conversations/{idas}/participation");
        Assert.Contains("offentliggjort som totaler", closed.QuerySelector("#statistics-published")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(closed.QuerySelectorAll("form[action*='handler=Statistics']"));
        // Two reads around the refused opt-out, and a conversation held after publishing, give the same bytes.
        await app.WithDbAsync(async db =>
        {
            (await db.Conversations.Where(c => c.RoundId == round && c.Status == ConversationStatus.Preparing).OrderBy(c => c.Id).FirstAsync()).MarkHeld(TestClock.UtcNow);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(csv, await (await hr.GetAsync($"/rounds/{round}/report?handler=Csv")).Content.ReadAsByteArrayAsync());
    }

    /// <summary>Holds the publication just before it writes its figures, until the test lets it go (or a second passes).</summary>
    private sealed class PublicationBarrier : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public TaskCompletionSource AtWrite { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm() => (AtWrite, Release) = (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task WaitAsync(System.Data.Common.DbCommand command)
        {
            if (command.CommandText.Contains("INSERT INTO \"PublishedFigures\"", StringComparison.Ordinal))
            {
                AtWrite.TrySetResult();
                await Task.WhenAny(Release.Task, Task.Delay(TimeSpan.FromSeconds(1)));
            }
        }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await WaitAsync(command);
            return result;
        }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await WaitAsync(command);
            return result;
        }
    }

    /// <summary>
    /// An employee opts out while the publication has counted and is about to write (held there by a
    /// barrier inside its transaction, and let go as soon as the opt-out has an answer): the opt-out waits
    /// for the publication and is refused, and the figures count the person, as the refusal says. Without
    /// the round's row held by both, PostgreSQL confirms the opt-out while the figures still count it (on
    /// SQLite a transaction takes the database's write lock as it begins, which serialises the two as well).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OptingOutWhileThePublicationCounts_WaitsAndIsRefused_NeverConfirmedAndCounted(string provider)
    {
        var barrier = new PublicationBarrier();
        await using var app = await MusApp.StartAsync(provider, services: s =>
        {
            s.ConfigureDbContext<Mus.Web.Data.Sqlite.SqliteAppDbContext>(o => o.AddInterceptors(barrier));
            s.ConfigureDbContext<Mus.Web.Data.Postgres.PostgresAppDbContext>(o => o.AddInterceptors(barrier));
        });
        var (round, drift) = await HoldDriftAsync(app);
        var unit = $"unit:{await UnitAsync(app, "DRIFT")}";
        var idas = drift.Single(d => d.Number == DemoPeople.EmployeeNumber).Conversation;
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var token = (await ida.GetPageAsync($"/conversations/{idas}/participation")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        barrier.Arm();
        var publish = Task.Run(() => PublishAsync(app, round));
        await barrier.AtWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var optOut = ida.PostAsync($"/conversations/{idas}/participation?handler=Statistics", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["count"] = "false" }));
        _ = optOut.ContinueWith(_ => barrier.Release.TrySetResult(), TaskScheduler.Default);
        await Task.WhenAll(optOut, publish);

        var published = await app.WithDbAsync(db => db.PublishedFigures.Where(p => p.RoundId == round).Select(p => p.Document).SingleAsync());
        var counted = RoundReport.Read(published).For(unit)!.People;
        var optedOut = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == idas).Select(c => c.StatisticsOptOutAt != null).SingleAsync());
        // Never both: confirmed (and recorded) as out, and counted in.
        Assert.Equal((HttpStatusCode.Conflict, false, drift.Count), ((await optOut).StatusCode, optedOut, counted));
    }

    [Fact]
    public async Task MovingPeopleAfterTheRound_LeavesItsReportAsItWas()
    {
        await using var app = await MusApp.StartAsync();
        var (round, _) = await HoldDriftAsync(app);
        await PublishAsync(app, round);
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var url = $"/rounds/{round}/report?gruppe=unit:{await UnitAsync(app, "DRIFT")}&sammenlign=0";
        var before = (await hr.GetPageAsync(url)).QuerySelector("main")!.InnerHtml;
        Assert.Contains("table-agenda", before, StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            var customer = await db.OrgUnits.SingleAsync(u => u.Code == "KUNDE");
            var group = await db.JobGroups.SingleAsync(g => g.Name == "Kundeservice");
            foreach (var person in await db.People.Where(p => p.EmployeeNumber == "1012" || p.EmployeeNumber == "1013").ToListAsync())
            {
                person.OrgUnitId = customer.Id;
                person.JobGroupId = group.Id;
            }

            return await db.SaveChangesAsync();
        });

        Assert.Equal(before, (await hr.GetPageAsync(url)).QuerySelector("main")!.InnerHtml);
    }

    [Fact]
    public async Task ARoundWithNothingHeld_SaysItIsNotPublished_AndOncePublishedByHr_GivesAnEmptyReportThatSaysSo()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var waiting = await hr.GetPageAsync($"/rounds/{round}/report");
        Assert.NotNull(waiting.QuerySelector("#report-not-published"));
        Assert.False(await app.WithDbAsync(db => db.PublishedFigures.AnyAsync(p => p.RoundId == round)));

        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/rounds/{round}/report", new Dictionary<string, string>(), formAction: "handler=Publish")).StatusCode);

        var page = await hr.GetPageAsync($"/rounds/{round}/report");
        Assert.Contains("ingen gennemførte samtaler", page.QuerySelector("#report-empty")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("table, svg.bar-chart"));
        var csv = Encoding.UTF8.GetString(await (await hr.GetAsync($"/rounds/{round}/report?handler=Csv")).Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.Equal(["Gruppe;Personer;Afsnit;Punkt;Antal;Ud af"], csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task TheDemosLastRound_PublishedOnFirstRead_LeavesNoSmallRemainderUnderTheOrganisation()
    {
        await using var app = await MusApp.StartAsync();
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var lastYear = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name != DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        Assert.False(await app.WithDbAsync(db => db.PublishedFigures.AnyAsync(p => p.RoundId == lastYear)));

        var page = await hr.GetPageAsync($"/rounds/{lastYear}/report");

        Assert.True(await app.WithDbAsync(db => db.PublishedFigures.AnyAsync(p => p.RoundId == lastYear)));
        Assert.NotNull(page.QuerySelector("#report-published"));
        var options = page.QuerySelectorAll("#gruppe option").Select(o => o.TextContent.Trim()).ToList();
        int? People(string name) => options.Single(o => o.StartsWith(name + " (", StringComparison.Ordinal)) is var option && !option.EndsWith("vises ikke", StringComparison.Ordinal)
            ? int.Parse(option[(name.Length + 2)..option.IndexOf(')', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) : null;
        var whole = People("Fjordby Forsyning");
        var departments = new[] { "Drift og anlæg", "Kundeservice", "Projekter og planlægning" }.Select(People).ToList();
        // Before this rule all four were shown: 17 − 6 − 5 − 5 was the one person in the director's office.
        Assert.NotNull(whole);
        Assert.Contains(departments, d => d is null);
        var left = whole!.Value - departments.Sum(d => d ?? 0);
        Assert.True(left == 0 || left >= 5, $"{left} left over");
        TestContext.Current.TestOutputHelper?.WriteLine($"demo, last year: {string.Join(" / ", options)}");

        // Last year only two plans were approved: how many items went further is no figure, on the page or in the file.
        Assert.Contains("for få i gruppen har svaret", page.QuerySelector("dl.site-facts")!.TextContent, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(await (await hr.GetAsync($"/rounds/{lastYear}/report?handler=Csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Fjordby Forsyning;13;Overblik;Udviklingsplan godkendt af begge;2;13", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Punkter sendt videre", csv, StringComparison.Ordinal);

        // A job group nobody there was counted in is listed like one too small, and choosing it says so (not a 500).
        Assert.Contains("Jobgruppe: Kundeservice (under 5) – vises ikke", options);
        var kundeservice = await app.WithDbAsync(db => db.JobGroups.Where(g => g.Name == "Kundeservice").Select(g => g.Id).SingleAsync());
        var empty = await hr.GetAsync($"/rounds/{lastYear}/report?gruppe=job-group:{kundeservice}");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("færre end 5", (await empty.ParseAsync()).QuerySelector("#report-refusal")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCsv_EscapesAUnitNamedLikeAFormula()
    {
        await using var app = await MusApp.StartAsync();
        var (round, _) = await HoldDriftAsync(app);
        await PublishAsync(app, round);
        await app.WithDbAsync(async db =>
        {
            (await db.OrgUnits.SingleAsync(u => u.Code == "DRIFT")).Name = "=HYPERLINK(\"http://x\")";
            return await db.SaveChangesAsync();
        });
        var hr = await app.SignedInAsync(DemoPeople.Hr);

        var csv = Encoding.UTF8.GetString(await (await hr.GetAsync($"/rounds/{round}/report?handler=Csv")).Content.ReadAsByteArrayAsync());

        var lines = csv.Split("\r\n").Where(l => l.Contains("HYPERLINK", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotMatch("(^|;)\"?=", l));
    }
}
