using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Tests.Pages.Profile;

/// <summary>Every read, change, download and destruction of Ida Brandt's content is written down, and she can see it.</summary>
public sealed class AccessLogTests : IdasConversationTest
{
    private const string Canary = "Kanariefugl-audit-51c2";

    private Task<List<AuditEntry>> EntriesAsync() => App.WithDbAsync(db => db.AuditEntries.Where(e => e.ConversationId == ConversationId).ToListAsync());

    [Fact]
    public async Task ReadsChangesDownloadsAndDestruction_AreRecorded_AndShownToTheEmployee_WithOutsidersByRoleOnly()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Share");
        await karsten.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens noter" }, formAction: "handler=Save");
        await karsten.PostFormAsync($"/conversations/{ConversationId}/plan", PlanTests.OneGoal(goesFurther: "Kursusønske"), formAction: "handler=Approve");
        await employee.PostFormAsync($"/conversations/{ConversationId}/plan", new Dictionary<string, string>(), formAction: "handler=Approve");
        await employee.GetByteArrayAsync($"/conversations/{ConversationId}/plan/pdf");
        await (await App.SignedInAsync(DemoPeople.Hr)).GetStringAsync("/forwarded");
        await (await App.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/conversations/{ConversationId}/move", new Dictionary<string, string> { ["NewLeader"] = "1030" });

        var entries = await EntriesAsync();
        var karstenId = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Id).SingleAsync());
        Assert.Contains(entries, e => e.PersonId == karstenId && e.Compartment == PartKind.EmployeePreparation && e.Action == AuditAction.Read && e.Purpose == "/Conversations/Preparation/Index");
        Assert.Contains(entries, e => e.Compartment == PartKind.EmployeePreparation && e.Action == AuditAction.Change);
        Assert.Contains(entries, e => e.Compartment == PartKind.Plan && e.Action == AuditAction.Export);
        Assert.Contains(entries, e => e.Compartment == PartKind.Forwarded && e.Action == AuditAction.Read && e.Roles == "HR");
        Assert.Contains(entries, e => e.Compartment == PartKind.LeaderPreparation && e.Action == AuditAction.Destroy);
        Assert.All(entries, e => Assert.True(e.At > TestClock.UtcNow.AddMinutes(-5)));

        var page = (await employee.GetPageAsync("/profile/access")).QuerySelector("#access")!.TextContent;
        Assert.Contains("Karsten Lund", page, StringComparison.Ordinal);
        Assert.Contains("HR", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Hanne Vestergaard", page, StringComparison.Ordinal);
        Assert.Contains("Hentet som fil", page, StringComparison.Ordinal);
        Assert.Contains("Destrueret", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Karsten Lund", (await (await App.SignedInAsync(DemoPeople.OtherEmployee)).GetStringAsync("/profile/access")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyReadsAtOnce_AreEachOnRecord_ExactlyOnce()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Save");
        var clients = new[] { employee, await App.SignedInAsync(DemoPeople.Employee), await App.SignedInAsync(DemoPeople.Employee) };
        var readsBefore = (await EntriesAsync()).Count(e => e.Action == AuditAction.Read);

        // 30 reads at once from three sessions, their rows committed together. (That content waits for its
        // row is shown by WhenTheReadCannotBeRecorded_TheContentIsNotSent, which fails if it does not.)
        var pages = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var response = await clients[i % 3].GetAsync($"/conversations/{ConversationId}/preparation");
            return (response.StatusCode, Shown: (await response.Content.ReadAsStringAsync()).Contains(Canary, StringComparison.Ordinal));
        }));

        Assert.All(pages, p => Assert.Equal((HttpStatusCode.OK, true), (p.StatusCode, p.Shown)));
        Assert.Equal(30, (await EntriesAsync()).Count(e => e.Action == AuditAction.Read) - readsBefore);
    }

    [Fact]
    public async Task WhenTheReadCannotBeRecorded_TheContentIsNotSent()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Share");
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Contains(Canary, await karsten.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);

        // The audit table becomes unwritable (a full disk, a revoked grant): reading must stop.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER "NoMoreAudit" BEFORE INSERT ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;"""));
        var response = await karsten.GetAsync($"/conversations/{ConversationId}/preparation");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Canary, page, StringComparison.Ordinal);
        Assert.Contains("Indholdet kan ikke vises lige nu", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeWhoseAuditRowCannotBeWritten_IsNotSavedEither()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var form = await employee.GetPageAsync($"/conversations/{ConversationId}/preparation");
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER "NoMoreAudit" BEFORE INSERT ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;"""));

        var response = await employee.PostAsync($"/conversations/{ConversationId}/preparation?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = "0",
            ["Answers[tasks-success]"] = Canary,
        }));

        // Said as it is: not saved, and not mistaken for someone else's save in between.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Det blev ikke gemt", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, page, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == ConversationId)));
    }

    [Fact]
    public async Task ASaveThatMeetsANewerVersion_StillRecordsTheReadOfWhatItShows()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Start" }, formAction: "handler=Save");
        var secondTab = await employee.GetPageAsync($"/conversations/{ConversationId}/preparation");
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Save");
        Task<int> ReadsAsync() => App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.ConversationId == ConversationId && e.Compartment == PartKind.EmployeePreparation && e.Action == AuditAction.Read));
        Task<int> ChangesAsync() => App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.ConversationId == ConversationId && e.Action == AuditAction.Change));
        var readsBefore = await ReadsAsync();
        var changesBefore = await ChangesAsync();

        var stale = await employee.PostAsync($"/conversations/{ConversationId}/preparation?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = secondTab.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = secondTab.QuerySelector("#Version")!.GetAttribute("value")!,
            ["Answers[tasks-success]"] = "Fra anden fane",
        }));

        // The conflict page shows what is stored: that is a read, and it is on record.
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(Canary, await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(readsBefore + 1, await ReadsAsync());
        // The change it tried was refused, so no change is on record for it.
        Assert.Equal(changesBefore, await ChangesAsync());
    }
}
