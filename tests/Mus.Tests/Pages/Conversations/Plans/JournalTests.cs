using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Processes;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Conversations.Plans.Journal;
using UglyToad.PdfPig;

namespace Mus.Tests.Pages.Conversations.Plans;

/// <summary>
/// An approved plan version is filed in the personnel file: dropped in a folder (PDF and a description
/// of it) or posted, signed, to a webhook; a target that is down is retried, then shown as failed; only
/// the approved plan leaves, nothing else of the conversation.
/// </summary>
public sealed class JournalTests
{
    private const string Secret = "a-webhook-secret-of-at-least-32-characters";
    private const string PreparationCanary = "KANARIE-forberedelse-journal-7731";

    private static async Task<(MusApp App, int Conversation)> StartAsync(Dictionary<string, string?> journal, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, string provider = TestDatabase.Sqlite)
    {
        // A run every hour: the test runs the delivery itself, at the times it chooses.
        journal["Journal:IntervalSeconds"] = "3600";
        var app = await MusApp.StartAsync(provider, settings: journal, services: services);
        var conversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        return (app, conversation);
    }

    /// <summary>Ida writes a preparation (which must stay home), then Karsten and Ida approve one goal.</summary>
    private static async Task ApproveAsync(MusApp app, int conversation)
    {
        var employee = await app.SignedInAsync(DemoPeople.Employee);
        var leader = await app.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{conversation}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = PreparationCanary }, formAction: "handler=Save")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync($"/conversations/{conversation}/plan", PlanTests.OneGoal(), formAction: "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{conversation}/plan", new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);
    }

    private static async Task DeliverAsync(MusApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JournalDelivery>().RunAsync(now, CancellationToken.None);
    }

    private static async Task<string> JournalLineAsync(MusApp app, int conversation) =>
        (await (await app.SignedInAsync(DemoPeople.Employee)).GetPageAsync($"/conversations/{conversation}/plan")).QuerySelector("#journal")?.TextContent ?? "";

    [Fact]
    public async Task AnApprovedPlan_IsDroppedInTheFolder_AsAPdfAndItsDescription_Once_AndThePlanPageSaysSo()
    {
        var folder = Directory.CreateTempSubdirectory("mus-journal-").FullName;
        var (app, conversation) = await StartAsync(new() { ["Journal:Target"] = "Folder", ["Journal:Folder"] = folder });
        await using var _ = app;
        await ApproveAsync(app, conversation);
        Assert.Contains("journaliseret i personalesagen om lidt", await JournalLineAsync(app, conversation), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));

        await DeliverAsync(app, TestClock.UtcNow);

        var pdfPath = Path.Combine(folder, $"mus-plan-{conversation}-v1.pdf");
        var description = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.ChangeExtension(pdfPath, ".json"))).RootElement;
        var pdf = await File.ReadAllBytesAsync(pdfPath);
        Assert.Equal([$"mus-plan-{conversation}-v1.json", $"mus-plan-{conversation}-v1.pdf"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var plan = await app.WithDbAsync(async db => Plan.Read(await db.ConversationParts.Where(p => p.ConversationId == conversation && p.Kind == PartKind.Plan).Select(p => p.Content).SingleAsync()));
        Assert.Equal(DemoPeople.EmployeeNumber, description.GetProperty("employeeNumber").GetString());
        Assert.Equal(("Ida Brandt", "Karsten Lund", "Fjordby Forsyning", DemoPeople.CurrentRound), (description.GetProperty("employee").GetString(), description.GetProperty("leader").GetString(), description.GetProperty("organisation").GetString(), description.GetProperty("round").GetString()));
        Assert.Equal((1, plan.Hash), (description.GetProperty("planVersion").GetInt32(), description.GetProperty("fingerprint").GetString()));
        Assert.Equal(plan.EmployeeApproval!.At, description.GetProperty("approvedByEmployeeAt").GetDateTimeOffset());
        Assert.Equal(plan.LeaderApproval!.At, description.GetProperty("approvedByLeaderAt").GetDateTimeOffset());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), description.GetProperty("pdfSha256").GetString());
        await ArchivalPdf.AssertArchivalAsync(pdf, "Udviklingsplan for Ida Brandt", "Fjordby Forsyning");
        using (var read = PdfDocument.Open(pdf))
        {
            var text = string.Concat(read.GetPages().Select(p => p.Text));
            Assert.Contains("Blive selvkørende i GIS", text, StringComparison.Ordinal);
            Assert.DoesNotContain(PreparationCanary, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(PreparationCanary, description.ToString(), StringComparison.Ordinal);
        Assert.Contains("er journaliseret i personalesagen", await JournalLineAsync(app, conversation), StringComparison.Ordinal);
        // The read that made the extract is on record, for what it was.
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.ConversationId == conversation && a.Compartment == PartKind.Plan && a.Action == Mus.Web.Infrastructure.Audit.AuditAction.Read && a.Purpose == "journal")));

        // Delivered once: a later run files nothing again.
        var written = File.GetLastWriteTimeUtc(pdfPath);
        await DeliverAsync(app, TestClock.UtcNow.AddHours(1));
        Assert.Equal(written, File.GetLastWriteTimeUtc(pdfPath));
        Assert.Equal(1, await app.WithDbAsync(db => db.PlanJournal.CountAsync()));
    }

    [Fact]
    public async Task TheJobFilesAnApprovedPlan_ByItself()
    {
        var folder = Directory.CreateTempSubdirectory("mus-journal-").FullName;
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Journal:Target"] = "Folder", ["Journal:Folder"] = folder, ["Journal:IntervalSeconds"] = "1" });
        var conversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());

        await ApproveAsync(app, conversation);

        var filed = Path.Combine(folder, $"mus-plan-{conversation}-v1.json");
        for (var waited = 0; waited < 100 && !File.Exists(filed); waited++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(filed), "the job filed nothing within 10 s");
    }

    [Fact]
    public async Task WhenTheReadCannotBePutOnRecord_NothingLeaves()
    {
        var folder = Directory.CreateTempSubdirectory("mus-journal-").FullName;
        var (app, conversation) = await StartAsync(new() { ["Journal:Target"] = "Folder", ["Journal:Folder"] = folder });
        await using var _ = app;
        await ApproveAsync(app, conversation);
        // The database refuses the journal's audit rows (and nothing else).
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_journal_reads BEFORE INSERT ON AuditEntries WHEN NEW.Purpose = 'journal' BEGIN SELECT RAISE(ABORT, 'refused'); END;"));

        await Assert.ThrowsAsync<Mus.Web.Data.StorageFailedException>(() => DeliverAsync(app, TestClock.UtcNow));

        Assert.Empty(Directory.GetFiles(folder));
        var entry = await app.WithDbAsync(db => db.PlanJournal.SingleAsync());
        Assert.Equal((0, (DateTime?)null), (entry.Attempts, entry.DeliveredAt));
    }

    [Fact]
    public async Task TheWebhook_GetsASignedBody_AfterARetry_WhileItsFailureIsShownToTheAdministratorNotTheParties()
    {
        using var receiver = new WebhookReceiver();
        var (app, conversation) = await StartAsync(new() { ["Journal:Target"] = "Webhook", ["Journal:WebhookUrl"] = receiver.Url, ["Journal:WebhookSecret"] = Secret });
        await using var _ = app;
        await ApproveAsync(app, conversation);
        var now = TestClock.UtcNow;

        // Down: 503. Retried in a minute; the parties are told it is not filed yet, the administrator why.
        receiver.Answer = HttpStatusCode.ServiceUnavailable;
        await DeliverAsync(app, now);
        var entry = await app.WithDbAsync(db => db.PlanJournal.SingleAsync());
        Assert.Equal((1, (DateTime?)null), (entry.Attempts, entry.DeliveredAt));
        Assert.Equal(now.UtcDateTime.AddMinutes(1), entry.NextAttemptAt, TimeSpan.FromSeconds(1));
        // Kept for the retry, but not readable at rest: the employee number is in the body, not in the row.
        Assert.NotNull(entry.SealedBody);
        Assert.DoesNotContain(DemoPeople.EmployeeNumber, Encoding.UTF8.GetString(entry.SealedBody!), StringComparison.Ordinal);
        var line = await JournalLineAsync(app, conversation);
        Assert.Contains("endnu ikke journaliseret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("503", line, StringComparison.Ordinal);
        var administrator = await (await app.SignedInAsync(DemoPeople.Administrator)).GetPageAsync("/start/administrator");
        Assert.Contains("The webhook answered 503", administrator.QuerySelector("#journal ~ div table")!.TextContent, StringComparison.Ordinal);

        // Not yet due: nothing is sent.
        await DeliverAsync(app, now.AddSeconds(30));
        Assert.Single(receiver.Received);

        receiver.Answer = HttpStatusCode.OK;
        await DeliverAsync(app, now.AddMinutes(2));

        Assert.Equal(2, receiver.Received.Count);
        var (headers, body) = receiver.Received[^1];
        // The retry sends the first attempt's bytes (its PDF printed at the first attempt's time), signed
        // anew with the retry's own time: "t=<unix seconds>,v1=<HMAC-SHA256 of "t." + body>".
        Assert.Equal(receiver.Received[0].Body, body);
        AssertSignedAt(now, receiver.Received[0].Body, receiver.Received[0].Headers[JournalDelivery.SignatureHeader]);
        AssertSignedAt(now.AddMinutes(2), body, headers[JournalDelivery.SignatureHeader]);
        Assert.Equal(receiver.Received[0].Headers["X-MUS-Delivery"], headers["X-MUS-Delivery"]);
        Assert.Null((await app.WithDbAsync(db => db.PlanJournal.SingleAsync())).SealedBody);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(DemoPeople.EmployeeNumber, json.GetProperty("metadata").GetProperty("employeeNumber").GetString());
        var pdf = Convert.FromBase64String(json.GetProperty("pdf").GetString()!);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), json.GetProperty("metadata").GetProperty("pdfSha256").GetString());
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.DoesNotContain(PreparationCanary, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains("er journaliseret i personalesagen", await JournalLineAsync(app, conversation), StringComparison.Ordinal);
    }

    /// <summary>
    /// The signature checked as a receiver checks it, with the test's own arithmetic: its time is the
    /// attempt's (the run's time, moved on by the few seconds the run has taken), and v1 is the HMAC of
    /// that time, a full stop and the body.
    /// </summary>
    private static void AssertSignedAt(DateTimeOffset runAt, byte[] body, string header)
    {
        var match = System.Text.RegularExpressions.Regex.Match(header, "^t=([0-9]+),v1=([0-9a-f]{64})$");
        Assert.True(match.Success, header);
        var t = match.Groups[1].Value;
        Assert.InRange(long.Parse(t, System.Globalization.CultureInfo.InvariantCulture), runAt.ToUnixTimeSeconds(), runAt.ToUnixTimeSeconds() + 10);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(t + ".").Concat(body).ToArray())), match.Groups[2].Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoRunsAtOnce_DeliverAVersionOnce(string provider)
    {
        using var receiver = new WebhookReceiver { Delay = TimeSpan.FromSeconds(1) };
        // Both runs find the version due before either takes it: only the lease can keep them apart.
        var barrier = new QueryBarrier("FROM \"PlanJournal\"", parties: 2);
        var (app, conversation) = await StartAsync(new() { ["Journal:Target"] = "Webhook", ["Journal:WebhookUrl"] = receiver.Url, ["Journal:WebhookSecret"] = Secret }, barrier.AddTo, provider);
        await using var _ = app;
        await ApproveAsync(app, conversation);

        // As two instances whose turns overlap.
        var now = TestClock.UtcNow;
        barrier.Arm();
        await Task.WhenAll(Task.Run(() => DeliverAsync(app, now)), Task.Run(() => DeliverAsync(app, now)));

        Assert.True(barrier.Met, "the two runs did not both find the version due");
        Assert.Single(receiver.Received);
        Assert.NotNull((await app.WithDbAsync(db => db.PlanJournal.SingleAsync())).DeliveredAt);
    }

    [Fact]
    public async Task ATargetThatStaysDown_IsGivenUpOn_AndSaidSo_WithThePlanKept()
    {
        var (app, conversation) = await StartAsync(new()
        {
            ["Journal:Target"] = "Webhook",
            ["Journal:WebhookUrl"] = $"http://127.0.0.1:{FreePort.Next()}/nobody-listens",
            ["Journal:WebhookSecret"] = Secret,
            ["Journal:MaxAttempts"] = "2",
        });
        await using var _ = app;
        await ApproveAsync(app, conversation);

        await DeliverAsync(app, TestClock.UtcNow);
        await DeliverAsync(app, TestClock.UtcNow.AddMinutes(5));

        var entry = await app.WithDbAsync(db => db.PlanJournal.SingleAsync());
        Assert.Equal(2, entry.Attempts);
        Assert.NotNull(entry.GaveUpAt);
        Assert.Contains("HttpRequestException", entry.LastError, StringComparison.Ordinal);
        Assert.Contains("kunne ikke journaliseres", await JournalLineAsync(app, conversation), StringComparison.Ordinal);
        var administrator = await (await app.SignedInAsync(DemoPeople.Administrator)).GetPageAsync("/start/administrator");
        Assert.Contains("Opgivet", administrator.QuerySelector("#journal ~ div table")!.TextContent, StringComparison.Ordinal);
        // The plan itself is where it was.
        Assert.Contains("Blive selvkørende i GIS", (await (await app.SignedInAsync(DemoPeople.Employee)).GetPageAsync($"/conversations/{conversation}/plan")).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutATarget_NothingIsQueuedForFiling()
    {
        var (app, conversation) = await StartAsync([]);
        await using var _ = app;

        await ApproveAsync(app, conversation);

        // Approved by both, as in the tests above where it is filed.
        var plan = await app.WithDbAsync(async db => Plan.Read(await db.ConversationParts.Where(p => p.ConversationId == conversation && p.Kind == PartKind.Plan).Select(p => p.Content).SingleAsync()));
        Assert.True(plan.IsLocked);
        Assert.Equal(0, await app.WithDbAsync(db => db.PlanJournal.CountAsync()));
        Assert.Equal("", await JournalLineAsync(app, conversation));
    }

    [Theory]
    [InlineData("Folder", null, null, "Journal:Folder")]
    [InlineData("Folder", "relative/path", null, "Journal:Folder")]
    [InlineData("Webhook", "http://records.example.dk/hook", Secret, "Journal:WebhookUrl")]
    [InlineData("Webhook", "https://records.example.dk/hook", "short", "Journal:WebhookSecret")]
    [InlineData("Fax", null, null, "Journal:Target")]
    public void SettingsThatCannotWork_StopStartUp_WithTheSettingsName(string target, string? where, string? secret, string named)
    {
        var options = new JournalOptions { Target = target, Folder = where, WebhookUrl = where, WebhookSecret = secret };

        var problems = options.Problems().ToList();

        Assert.Contains(problems, problem => problem.Contains(named, StringComparison.Ordinal));
    }
}
