using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Http;

/// <summary>
/// How many database commands each busy page costs, counted from EF Core's own log of executed
/// commands (the session check, the page's queries, and the audit commit of what it read). A page that
/// starts asking per row, or a new query on every request, shows here first. Lower a budget when a page
/// gets cheaper; raise one only with a reason in the commit.
/// </summary>
public sealed class QueryCountTests : IAsyncLifetime
{
    private const string ExecutedCommand = "Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand";

    private const string OpenedConnection = "Microsoft.EntityFrameworkCore.Database.Connection: Opened connection";

    private MusApp app = null!;
    private int conversation;
    private int round;

    public async ValueTask InitializeAsync()
    {
        app = await MusApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Connection"] = "Debug",
            // Nothing else touches the database while a page is counted.
            ["Mail:DispatchEnabled"] = "false",
        });
        (conversation, round) = await app.WithDbAsync(async db =>
        {
            var c = await db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => new { c.Id, c.RoundId }).SingleAsync();
            return (c.Id, c.RoundId);
        });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private int Count(string line) => app.Logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal));

    /// <summary>The last commands' parameters and text, one line each, to say where a budget went.</summary>
    private IEnumerable<string> LastCommands(int count) => app.Logs.Lines.Where(l => l.Contains(ExecutedCommand, StringComparison.Ordinal)).TakeLast(count)
        .Select(l => l.ReplaceLineEndings(" ")[(l.IndexOf(ExecutedCommand, StringComparison.Ordinal) + ExecutedCommand.Length)..]);

    private async Task<(int Commands, int Connections)> CostOfAsync(HttpClient client, string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var (commands, connections) = (Count(ExecutedCommand), Count(OpenedConnection));
        var response = await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (Count(ExecutedCommand) - commands, Count(OpenedConnection) - connections);
    }

    public static TheoryData<string, string, int> Pages() => new()
    {
        // Measured 2026-11-27, session 6: the session check is kept in memory now (SessionStamps), one
        // command fewer each; published templates are read once per instance (PublishedTemplates), and the
        // preparation reads its own part once, not twice; SQLite writes one INSERT per audit row; HR's
        // figures counted every time here. Session 9: the leader's start page lists the rounds they held
        // conversations in (one command), the plan page asks once for the template and standard behind
        // its suggestions from the competence ratings.
        { DemoPeople.Employee, "/start/employee", 7 },
        { DemoPeople.Employee, "/conversations/{conversation}/preparation", 10 },
        { DemoPeople.Employee, "/conversations/{conversation}", 5 },
        { DemoPeople.Employee, "/conversations/{conversation}/plan", 6 },
        { DemoPeople.CurrentLeader, "/start/leader", 12 },
        { DemoPeople.Hr, "/Rounds/Progress/{round}", 13 },
        { DemoPeople.Employee, "/profile", 2 },
        // Session 14: HR's report and a leader's summary read the published figures once (4 and 5 commands).
        { DemoPeople.Hr, "/rounds/{round}/report", 4 },
        { DemoPeople.CurrentLeader, "/rounds/{round}/summary", 5 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task APage_CostsNoMoreCommandsThanItsBudget_OnOneConnection(string visitor, string url, int budget)
    {
        var client = await app.SignedInAsync(visitor);

        var (commands, connections) = await CostOfAsync(client, url.Replace("{conversation}", conversation.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{round}", round.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.True(commands > 0, "no command was counted: the log of executed commands is not being read");
        Assert.True(commands <= budget, $"{url} ran {commands} commands; its budget is {budget}");
        // The page's own connection, and the audit writer's for the reads it committed or HR's figures' (if any).
        Assert.InRange(connections, 1, 2);
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.CurrentLeader)]
    public async Task AnAutosave_ReadsWhatItWrites_AndLittleElse(string visitor)
    {
        var client = await app.SignedInAsync(visitor);
        var url = $"/conversations/{conversation}/preparation";
        var page = await client.GetPageAsync(url);
        var token = page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var field = page.QuerySelector("#preparation-form textarea[name^='Answers[']")!.GetAttribute("name")!;
        var version = long.Parse(page.QuerySelector("#preparation-form input[name=Version]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        async Task<int> AutosaveAsync(string text)
        {
            var commands = Count(ExecutedCommand);
            var saved = await client.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = (version++).ToString(System.Globalization.CultureInfo.InvariantCulture), [field] = text }));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            return Count(ExecutedCommand) - commands;
        }

        await AutosaveAsync("Første udkast");
        var cost = await AutosaveAsync("Andet udkast");

        // Measured 2026-12-07: 5 (session 14), from 9 (session 13) and 14-15 before: the access rule, the
        // conversation with what its figures need, the part, the audit row of the change, the write. Not
        // the figures' own look-up (the page read it), their write (only words changed), nor a read on
        // record for the part opened to merge with (nothing of it is sent).
        Assert.True(cost > 0, "no command was counted");
        Assert.True(cost <= 5, $"an autosave ran {cost} commands; its budget is 5:\n" + string.Join("\n", LastCommands(cost)));
    }
}
