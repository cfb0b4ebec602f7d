using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Processes;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Demo;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;

namespace Mus.Tests.Operations;

/// <summary>
/// MUS on SQLite is killed with SIGKILL twenty times while employees autosave their preparations and
/// employee and leader approve plans (and open them again): whatever a client was told was saved is
/// there afterwards, and SQLite finds its file intact. A save that was cut off may or may not be
/// there; the drill only holds the server to what it acknowledged.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed partial class KillDrillTests
{
    private const int Kills = 20;
    private const int Autosavers = 6;

    [Fact]
    public async Task TwentyKills_DuringAutosavesAndApprovals_LoseNothingAcknowledged_AndLeaveTheFileIntact()
    {
        var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var proxyPort = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = database.Directory,
            ["App:PublicUrl"] = $"https://localhost:{proxyPort}",
            ["Mail:PickupDirectory"] = Path.Combine(database.Directory, "mail"),
            ["SignIn:AttemptsPerClientPerMinute"] = "1000",
        };
        await using (var seed = AppProcess.Start(settings, "seed-demo"))
        {
            Assert.Equal(0, await seed.ExitCodeAsync(TimeSpan.FromMinutes(2)));
        }

        var conversations = await KarstensPreparingConversationsAsync(database);
        Assert.True(conversations.Count >= Autosavers + 1, $"The demo should give Karsten Lund {Autosavers + 1} conversations in preparation, found {conversations.Count}.");

        var port = FreePort.Next();
        var app = AppProcess.Start(settings, port: port);
        try
        {
            await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
            await using var proxy = await NginxProxy.StartAsync([port], proxyPort);
            using var stop = new CancellationTokenSource();
            var savers = conversations.Take(Autosavers).Select(c => AutosaveAsync(proxy, c.Email, c.Id, stop.Token)).ToList();
            var (plannerEmail, planId) = conversations[Autosavers];
            var approvals = ApproveAndAmendAsync(proxy, plannerEmail, planId, stop.Token);

            var random = new Random(11);
            for (var kill = 0; kill < Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1200)));
                app.Kill();
                await app.DisposeAsync();
                app = AppProcess.Start(settings, port: port);
                await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
            }

            // A moment of calm, so that every client's last acknowledged save comes after the last kill too.
            await Task.Delay(1000);
            await stop.CancelAsync();
            var acknowledged = await Task.WhenAll(savers);
            var plan = await approvals;
            app.Kill();

            TestContext.Current.TestOutputHelper?.WriteLine($"{Kills} kills: autosaves acknowledged per employee {string.Join(", ", acknowledged.Select(a => a.Acknowledged))} (sent {string.Join(", ", acknowledged.Select(a => a.LastSent))}); plans approved by both {plan.Locks}");
            Assert.All(acknowledged, saves => Assert.True(saves.Acknowledged > Kills, $"{saves.Email}: only {saves.Acknowledged} saves acknowledged across {Kills} kills."));
            Assert.True(plan.Locks >= 3, $"Only {plan.Locks} plans were approved by both across {Kills} kills.");

            Assert.Equal("ok", await IntegrityCheckAsync(database));
            await using var reader = new MusApp(database, ownsDatabase: false);
            foreach (var saves in acknowledged)
            {
                var stored = await reader.WithDbAsync(db => db.ConversationParts.SingleAsync(p => p.ConversationId == saves.ConversationId && p.Kind == PartKind.EmployeePreparation));
                var number = int.Parse(SavedNumber().Match(stored.Content).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                // The last acknowledged save, or one sent after it whose answer the kill cut off.
                Assert.InRange(number, saves.LastAcknowledged, saves.LastSent);
            }

            var storedPlan = Plan.Read((await reader.WithDbAsync(db => db.ConversationParts.SingleAsync(p => p.ConversationId == planId && p.Kind == PartKind.Plan))).Content);
            Assert.True(storedPlan.Number >= plan.LastAcknowledgedNumber, $"Plan version {storedPlan.Number} is stored, {plan.LastAcknowledgedNumber} was acknowledged.");
            if (storedPlan.Number == plan.LastAcknowledgedNumber && plan.LastAcknowledgedLocked)
            {
                Assert.True(storedPlan.IsLocked, "An approval by both that was acknowledged is gone.");
            }
        }
        finally
        {
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private sealed record Saves(string Email, int ConversationId, int Acknowledged, int LastAcknowledged, int LastSent);

    private sealed record Approvals(int Locks, int LastAcknowledgedNumber, bool LastAcknowledgedLocked);

    /// <summary>An employee whose page autosaves without pause; a refused or cut-off save is simply sent again.</summary>
    private static async Task<Saves> AutosaveAsync(NginxProxy proxy, string email, int conversationId, CancellationToken stop)
    {
        using var client = proxy.CreateClient();
        await UntilItWorksAsync(async () => await client.SignInAsync(email, DemoOrganisation.Password) != "/sign-in", stop);
        var url = $"/conversations/{conversationId}/preparation";
        string token = "", version = "0";
        var fresh = false;
        int acknowledged = 0, lastAcknowledged = 0, sent = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!fresh)
                {
                    using var answer = await client.GetAsync(url, CancellationToken.None);
                    if (answer.StatusCode != HttpStatusCode.OK)
                    {
                        await Task.Delay(50, CancellationToken.None);
                        continue;
                    }

                    var page = await answer.ParseAsync();
                    token = page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
                    version = page.QuerySelector("#preparation-form input[name=Version]")?.GetAttribute("value") ?? "";
                    fresh = token.Length > 0 && version.Length > 0;
                    continue;
                }

                sent++;
                using var response = await client.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Version"] = version,
                    ["Answers[tasks-success]"] = $"Gemt nummer {sent}.",
                }), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    version = VersionNumber().Match(await response.Content.ReadAsStringAsync(CancellationToken.None)).Groups[1].Value;
                    acknowledged++;
                    lastAcknowledged = sent;
                }
                else
                {
                    // 502 while MUS is down, 409 when a cut-off save did reach the database: read the page again.
                    fresh = false;
                    await Task.Delay(50, CancellationToken.None);
                }
            }
            catch (HttpRequestException)
            {
                fresh = false;
                await Task.Delay(50, CancellationToken.None);
            }
        }

        return new Saves(email, conversationId, acknowledged, lastAcknowledged, sent);
    }

    /// <summary>
    /// Employee approves, the leader approves the same wording (the plan locks), the employee opens it
    /// again; over and over. Each round reads the page first, since a step cut off by a kill may or may
    /// not have happened.
    /// </summary>
    private static async Task<Approvals> ApproveAndAmendAsync(NginxProxy proxy, string email, int conversationId, CancellationToken stop)
    {
        using var employee = proxy.CreateClient();
        using var leader = proxy.CreateClient();
        await UntilItWorksAsync(async () => await employee.SignInAsync(email, DemoOrganisation.Password) != "/sign-in", stop);
        await UntilItWorksAsync(async () => await leader.SignInAsync(DemoOrganisation.LeaderEmail, DemoOrganisation.Password) != "/sign-in", stop);
        var url = $"/conversations/{conversationId}/plan";
        int locks = 0, amends = 0;
        (int Number, bool Locked) acknowledged = (1, false);
        while (await UntilShownAsync(employee, url, stop) is { } shown)
        {
            if (shown.Contains("godkendt af jer begge", StringComparison.Ordinal))
            {
                if (await RedirectedAsync(() => employee.PostFormAsync(url, new Dictionary<string, string>(), formAction: "handler=Amend")))
                {
                    amends++;
                    acknowledged = (amends + 1, false);
                }

                continue;
            }

            await RedirectedAsync(() => employee.PostFormAsync(url, PlanTests.OneGoal(what: $"Kursus nummer {amends + 1}"), formAction: "handler=Approve"));
            if (await RedirectedAsync(() => leader.PostFormAsync(url, new Dictionary<string, string>(), formAction: "handler=Approve")))
            {
                locks++;
                acknowledged = (amends + 1, true);
            }
        }

        return new Approvals(locks, acknowledged.Number, acknowledged.Locked);
    }

    /// <summary>True if the step was acknowledged (a redirect after the post); false if it was refused or cut off.</summary>
    private static async Task<bool> RedirectedAsync(Func<Task<HttpResponseMessage>> step)
    {
        try
        {
            using var response = await step();
            return response.StatusCode == HttpStatusCode.Redirect;
        }
        catch (Exception failure) when (failure is HttpRequestException or Xunit.Sdk.XunitException or InvalidOperationException)
        {
            // Cut off, or the page no longer offers the step (it happened before the kill): read the page again.
            await Task.Delay(50);
            return false;
        }
    }

    private static async Task<string?> UntilShownAsync(HttpClient client, string url, CancellationToken stop)
    {
        string? shown = null;
        await UntilItWorksAsync(async () =>
        {
            using var response = await client.GetAsync(url, CancellationToken.None);
            shown = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(CancellationToken.None) : null;
            return shown is not null;
        }, stop);
        return shown;
    }

    private static async Task<bool> UntilItWorksAsync(Func<Task<bool>> step, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await step())
                {
                    return true;
                }
            }
            catch (Exception failure) when (failure is HttpRequestException or Xunit.Sdk.XunitException)
            {
                // MUS is down: the connection broke, or nginx answered 502 where the form helpers expect a page.
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return false;
    }

    private static async Task<List<(string Email, int Id)>> KarstensPreparingConversationsAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(database.Directory, "mus.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("""
            SELECT e."Email", c."Id" FROM "Conversations" c
            JOIN "People" e ON e."Id" = c."EmployeeId"
            JOIN "People" l ON l."Id" = c."LeaderId"
            JOIN "Rounds" r ON r."Id" = c."RoundId"
            WHERE l."Email" = $leader AND c."Status" = 'Preparing' AND r."Name" = $round AND e."Email" <> $ida
            ORDER BY c."Id"
            """, connection);
        command.Parameters.AddWithValue("$leader", DemoOrganisation.LeaderEmail);
        command.Parameters.AddWithValue("$round", DemoPeople.CurrentRound);
        command.Parameters.AddWithValue("$ida", DemoOrganisation.EmployeeEmail);
        var found = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return found;
    }

    private static async Task<string> IntegrityCheckAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(database.Directory, "mus.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA integrity_check", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"Gemt nummer (\d+)\.")]
    private static partial Regex SavedNumber();

    [GeneratedRegex(@"""version"":(\d+)")]
    private static partial Regex VersionNumber();
}
