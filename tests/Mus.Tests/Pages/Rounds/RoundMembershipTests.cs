using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Rounds;

/// <summary>Adding people to a round after it opened, and moving an employee to another leader.</summary>
public sealed class RoundMembershipTests : IdasConversationTest
{
    private Task<int> RoundIdAsync() => App.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());

    /// <summary>A new hire in Karsten Lund's team, who was not there when the round opened.</summary>
    private Task NewHireAsync() => App.WithDbAsync(async db =>
    {
        var karsten = await db.People.SingleAsync(p => p.EmployeeNumber == "1010");
        db.People.Add(new Person { EmployeeNumber = "1099", Name = "Noah Vinter", Email = "noah.vinter@fjordby.example.dk", OrgUnitId = karsten.OrgUnitId, LeaderId = karsten.Id });
        return await db.SaveChangesAsync();
    });

    private Task<List<Conversation>> ConversationsOfAsync(string number) =>
        App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == number).ToListAsync());

    /// <summary>Karsten saves private notes in his preparation for Ida's conversation, and they are there: he reads them, and the row exists.</summary>
    private async Task KarstensNotesAreThereAsync(HttpClient karsten)
    {
        var saved = await karsten.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens private tanker" }, formAction: "handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Karstens private tanker", await karsten.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.LeaderPreparation)));
    }

    [Fact]
    public async Task Hr_AddsANewHire_WhoGetsAConversationWithTheirLeader_OnlyOnce()
    {
        await NewHireAsync();
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var roundId = await RoundIdAsync();

        var added = await hr.PostFormAsync($"/rounds/{roundId}/add", new Dictionary<string, string> { ["Person"] = "1099" });
        var again = await hr.PostFormAsync($"/rounds/{roundId}/add", new Dictionary<string, string> { ["Person"] = "noah.vinter@fjordby.example.dk" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("allerede med", (await again.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        var conversation = Assert.Single(await ConversationsOfAsync("1099"));
        var round = await App.WithDbAsync(db => db.Rounds.SingleAsync(r => r.Id == roundId));
        Assert.Equal(round.TemplateVersionId, conversation.TemplateVersionId);
        Assert.Equal(await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Id).SingleAsync()), conversation.LeaderId);
        // Counted where the person is when added.
        Assert.Equal(await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1099").Select(p => (int?)p.OrgUnitId).SingleAsync()), conversation.UnitIdAtRound);
    }

    [Fact]
    public async Task MovingSomeoneToAnotherUnitLater_LeavesTheRoundCountingThemWhereTheyWere()
    {
        var before = await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => new { c.UnitIdAtRound, c.JobGroupIdAtRound, c.Employee!.OrgUnitId, c.Employee.JobGroupId }).SingleAsync());
        Assert.Equal((before.OrgUnitId, before.JobGroupId), (before.UnitIdAtRound!.Value, before.JobGroupIdAtRound));
        var kunde = await App.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == "KUNDE").Select(u => u.Id).SingleAsync());
        Assert.NotEqual(kunde, before.OrgUnitId);
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var ida = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == DemoPeople.EmployeeNumber).Select(p => p.Id).SingleAsync());

        var saved = await hr.PostFormAsync($"/organisation/people/edit/{ida}", new Dictionary<string, string> { ["Input.UnitId"] = kunde.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(kunde, await App.WithDbAsync(db => db.People.Where(p => p.Id == ida).Select(p => p.OrgUnitId).SingleAsync()));
        Assert.Equal(before.UnitIdAtRound, await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.UnitIdAtRound).SingleAsync()));
    }

    [Fact]
    public async Task ALeader_AddsTheirOwnReport_ButNotSomeoneElses()
    {
        await NewHireAsync();
        var roundId = await RoundIdAsync();
        var otherLeader = await App.SignedInAsync(DemoPeople.OtherLeader);
        var refused = await otherLeader.PostFormAsync($"/rounds/{roundId}/add", new Dictionary<string, string> { ["Person"] = "1099" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(await ConversationsOfAsync("1099"));

        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Contains("Tilføj dem", await leader.GetStringAsync("/start/leader"), StringComparison.Ordinal);
        Assert.Contains("Noah Vinter (1099)", await leader.GetStringAsync($"/rounds/{roundId}/add"), StringComparison.Ordinal);
        var added = await leader.PostFormAsync($"/rounds/{roundId}/add", new Dictionary<string, string> { ["Person"] = "1099" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Single(await ConversationsOfAsync("1099"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.SignedInAsync(DemoPeople.Employee)).GetAsync($"/rounds/{roundId}/add")).StatusCode);
    }

    [Fact]
    public async Task MovingAnEmployee_HandsTheConversationToTheNewLeader_AndRemovesTheFormerLeadersOwnNotes()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Idas egne ord" }, formAction: "handler=Share")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens private tanker" }, formAction: "handler=Share")).StatusCode);
        // Both were there before the move: Karsten reads his own notes and Ida's shared ones.
        var before = await karsten.GetStringAsync($"/conversations/{ConversationId}/preparation");
        Assert.Contains("Idas egne ord", before, StringComparison.Ordinal);
        Assert.Contains("Karstens private tanker", before, StringComparison.Ordinal);
        Assert.Contains(PartKind.LeaderPreparation, await App.WithDbAsync(db => db.ConversationParts.Where(p => p.ConversationId == ConversationId).Select(p => p.Kind).ToListAsync()));
        var hr = await App.SignedInAsync(DemoPeople.Hr);

        var moved = await hr.PostFormAsync($"/conversations/{ConversationId}/move", new Dictionary<string, string> { ["NewLeader"] = "vibeke.noergaard@fjordby.example.dk" });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var vibekeId = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1030").Select(p => p.Id).SingleAsync());
        Assert.Equal(vibekeId, (await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId))).LeaderId);
        Assert.Equal(HttpStatusCode.NotFound, (await karsten.GetAsync($"/conversations/{ConversationId}/preparation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await karsten.GetAsync($"/conversations/{ConversationId}")).StatusCode);
        var kinds = await App.WithDbAsync(db => db.ConversationParts.Where(p => p.ConversationId == ConversationId).Select(p => p.Kind).ToListAsync());
        Assert.Equal([PartKind.EmployeePreparation], kinds);
        var vibeke = await (await App.SignedInAsync(DemoPeople.OtherLeader)).GetStringAsync($"/conversations/{ConversationId}/preparation");
        Assert.DoesNotContain("Karstens private tanker", vibeke, StringComparison.Ordinal);
        Assert.Contains("Leverandørens grundkursus i SRO", vibeke, StringComparison.Ordinal);
        Assert.Contains("Idas egne ord", await employee.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);

        // Ida shared with Karsten, not with Vibeke: the sharing is withdrawn until she shares again.
        Assert.DoesNotContain("Idas egne ord", vibeke, StringComparison.Ordinal);
        await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string>(), formAction: "handler=Share");
        Assert.Contains("Idas egne ord", await (await App.SignedInAsync(DemoPeople.OtherLeader)).GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewLeader_ReadsTheHeldConversationsPlanAndFollowUps_ButNotWhatWasSaidWithTheFormerLeader()
    {
        var lastRound = $"MUS {TestClock.UtcNow.UtcDateTime.Year - 1}";
        var lastYear = await App.WithDbAsync(db => db.Conversations
            .Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == lastRound)
            .Select(c => c.Id).SingleAsync());
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.OK, (await karsten.GetAsync($"/conversations/{lastYear}")).StatusCode);

        var hr = await App.SignedInAsync(DemoPeople.Hr);
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/conversations/{ConversationId}/move", new Dictionary<string, string> { ["NewLeader"] = "1030" })).StatusCode);

        var vibeke = await App.SignedInAsync(DemoPeople.OtherLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        foreach (var (page, forVibeke) in new[]
        {
            ($"/conversations/{lastYear}/plan", HttpStatusCode.OK),
            ($"/conversations/{lastYear}/plan/pdf", HttpStatusCode.OK),
            ($"/conversations/{lastYear}/follow-ups", HttpStatusCode.OK),
            ($"/conversations/{lastYear}", HttpStatusCode.NotFound),
            ($"/conversations/{lastYear}/print", HttpStatusCode.NotFound),
            ($"/conversations/{lastYear}/evaluation", HttpStatusCode.NotFound),
            ($"/conversations/{lastYear}/preparation", HttpStatusCode.NotFound),
        })
        {
            Assert.True(forVibeke == (await vibeke.GetAsync(page)).StatusCode, $"Vibeke {page}");
            Assert.True(HttpStatusCode.NotFound == (await karsten.GetAsync(page)).StatusCode, $"Karsten {page}");
            Assert.True(HttpStatusCode.OK == (await ida.GetAsync(page)).StatusCode, $"Ida {page}");
        }

        // The record keeps who agreed it: Karsten approved last year's plan and recorded its follow-up.
        var plan = await vibeke.GetPageAsync($"/conversations/{lastYear}/plan");
        Assert.Contains("Karsten Lund", plan.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Vibeke", plan.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var pdf = UglyToad.PdfPig.PdfDocument.Open(await vibeke.GetByteArrayAsync($"/conversations/{lastYear}/plan/pdf"));
        var pdfText = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains("KarstenLund", pdfText.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Vibeke", pdfText, StringComparison.Ordinal);
        var followUps = await vibeke.GetPageAsync($"/conversations/{lastYear}/follow-ups");
        Assert.Contains("Karsten Lund", followUps.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMoveThatWouldMakeACircle_IsRefused_AndNothingChanges()
    {
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var karstensConversation = await App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == "1010" && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await hr.PostFormAsync($"/conversations/{karstensConversation}/move", new Dictionary<string, string> { ["NewLeader"] = DemoPeople.EmployeeNumber });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("leder for sin egen leder", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1001", await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Leader!.EmployeeNumber).SingleAsync()));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.LeadersLeader)]
    public async Task OnlyHrAndTheCurrentLeader_CanMove(string email)
    {
        var client = await App.SignedInAsync(email);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/conversations/{ConversationId}/move")).StatusCode);
    }

    [Fact]
    public async Task HrChangingTheLeaderOnThePerson_AlsoRemovesTheFormerLeadersPreparation()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await KarstensNotesAreThereAsync(karsten);
        var hr = await App.SignedInAsync(DemoPeople.Hr);
        var ida = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == DemoPeople.EmployeeNumber).Select(p => p.Id).SingleAsync());

        var saved = await hr.PostFormAsync($"/organisation/people/edit/{ida}", new Dictionary<string, string> { ["Input.LeaderNumber"] = "1030" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.LeaderPreparation)));
    }

    [Fact]
    public async Task AnEmployeeLeftWithoutALeader_KeepsHerOwnPages_AndTheFormerLeaderLosesThem()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Idas egne ord" }, formAction: "handler=Save")).StatusCode);
        Assert.Contains("Idas egne ord", await employee.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
        await KarstensNotesAreThereAsync(karsten);
        var ida = await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == DemoPeople.EmployeeNumber).Select(p => p.Id).SingleAsync());

        var saved = await (await App.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/organisation/people/edit/{ida}", new Dictionary<string, string> { ["Input.LeaderNumber"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Null(await App.WithDbAsync(db => db.People.Where(p => p.Id == ida).Select(p => p.LeaderId).SingleAsync()));
        Assert.Contains("Idas egne ord", await employee.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/conversations/{ConversationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync("/start/employee")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await karsten.GetAsync($"/conversations/{ConversationId}/preparation")).StatusCode);
        Assert.False(await App.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == ConversationId && p.Kind == PartKind.LeaderPreparation)));
    }

    [Fact]
    public async Task TheEmployee_GetsAReceipt_ForTheFormerLeadersDestroyedNotes_AndOnlyThey()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await KarstensNotesAreThereAsync(karsten);
        await (await App.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/conversations/{ConversationId}/move", new Dictionary<string, string> { ["NewLeader"] = "1030" });
        var employee = await App.SignedInAsync(DemoPeople.Employee);

        var start = (await employee.GetPageAsync("/start/employee")).QuerySelector("#receipts")!.TextContent;
        var history = (await employee.GetPageAsync("/profile/receipts")).QuerySelector("#receipts")!.TextContent;

        Assert.Contains($"Forberedelsen skrevet af Karsten Lund til {DemoPeople.CurrentRound} blev destrueret (du fik ny leder)", start, StringComparison.Ordinal);
        Assert.Contains("Karsten Lund", history, StringComparison.Ordinal);
        Assert.DoesNotContain("private tanker", history, StringComparison.Ordinal);
        Assert.Null((await (await App.SignedInAsync(DemoPeople.OtherEmployee)).GetPageAsync("/profile/receipts")).QuerySelector("#receipts"));
        Assert.Null((await karsten.GetPageAsync("/profile/receipts")).QuerySelector("#receipts"));
    }
}
