using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;
using UglyToad.PdfPig;

namespace Mus.Tests.Pages.Profile;

/// <summary>Ida Brandt downloads everything kept about her, and nothing that is not hers to see.</summary>
public sealed class PersonalDataExportTests : IdasConversationTest
{
    private async Task<(HttpClient Employee, HttpClient Leader)> ConversationWithContentAsync()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Idas egen tekst om pumpestationen" }, formAction: "handler=Save")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens upublicerede tanker" }, formAction: "handler=Save")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await employee.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string> { ["Input.Answers[tasks-notes]"] = "Fælles note om vagtplanen" }, formAction: "handler=Save")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.SignedInAsync(DemoPeople.Hr)).GetAsync("/forwarded")).StatusCode);
        // Everything the export is checked for (or against) is there to be found: each as its author reads it.
        Assert.Contains("Idas egen tekst om pumpestationen", await employee.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
        Assert.Contains("Karstens upublicerede tanker", await leader.GetStringAsync($"/conversations/{ConversationId}/preparation"), StringComparison.Ordinal);
        Assert.Contains("Fælles note om vagtplanen", await employee.GetStringAsync($"/conversations/{ConversationId}"), StringComparison.Ordinal);
        return (employee, leader);
    }

    [Fact]
    public async Task TheJson_HoldsWhatIsHers_AndLeavesOutTheLeadersUnsharedNotesAndOtherPeople()
    {
        var (employee, _) = await ConversationWithContentAsync();

        var response = await employee.GetAsync("/profile/export?handler=Json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Contains("Idas egen tekst om pumpestationen", json, StringComparison.Ordinal);
        Assert.Contains("Fælles note om vagtplanen", json, StringComparison.Ordinal);
        Assert.Contains("Leverandørens grundkursus i SRO", json, StringComparison.Ordinal);
        Assert.Contains("Hvilke opgaver er lykkedes særligt godt", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Karstens upublicerede tanker", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Hanne Vestergaard", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Julie Ravn", json, StringComparison.Ordinal);
        Assert.Contains("\"access\"", json, StringComparison.Ordinal);
        Assert.Contains("\"who\": \"HR\"", json, StringComparison.Ordinal);
        var exports = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.ConversationId == ConversationId && e.Action == AuditAction.Export).ToListAsync());
        Assert.Contains(exports, e => e.Compartment == PartKind.EmployeePreparation && e.Purpose == "/Profile/Export");
        Assert.DoesNotContain(exports, e => e.Compartment == PartKind.LeaderPreparation);
    }

    [Fact]
    public async Task HerSettingsAndHerAnswerToAnOffer_AreInTheExport()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/reminders", new Dictionary<string, string> { ["Choice"] = "weekly" })).StatusCode);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/offer", new Dictionary<string, string> { ["Kind"] = "Senior" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/participation", new Dictionary<string, string>(), formAction: "handler=DeclineOffer")).StatusCode);

        var json = await ida.GetStringAsync("/profile/export?handler=Json");
        var pdfResponse = await ida.GetAsync("/profile/export?handler=Pdf");

        Assert.Contains("\"weeklyDigest\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"language\": \"da\"", json, StringComparison.Ordinal);
        Assert.Contains("\"offer\": \"Senior\"", json, StringComparison.Ordinal);
        Assert.Contains("\"offerAnswer\": \"Declined\"", json, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (pdfResponse.StatusCode, pdfResponse.Content.Headers.ContentType!.MediaType));
        using var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("Dinledertilbødenseniorsamtale;dusagdenejtak", text, StringComparison.Ordinal);
        Assert.Contains("Samletiénmailommandagen", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePdf_IsReadable_WithDanishLetters()
    {
        var (employee, _) = await ConversationWithContentAsync();

        var response = await employee.GetAsync("/profile/export?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));

        Assert.Contains("Alt,derergemtommig", text, StringComparison.Ordinal);
        Assert.Contains("Idasegentekstompumpestationen", text, StringComparison.Ordinal);
        Assert.Contains("Fællesnoteomvagtplanen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Karstensupublicerede", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherEmployeesExport_HasNothingOfIdas()
    {
        await ConversationWithContentAsync();

        var json = Encoding.UTF8.GetString(await (await App.SignedInAsync(DemoPeople.OtherEmployee)).GetByteArrayAsync("/profile/export?handler=Json"));

        Assert.Contains("Julie Ravn", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Idas egen tekst", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Ida Brandt", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePdf_IsAPdfA2b_WithSubsetFonts_AndNoTextOverOtherText()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);

        var response = await employee.GetAsync("/profile/export?handler=Pdf");

        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (response.StatusCode, response.Content.Headers.ContentType!.MediaType));
        await ArchivalPdf.AssertArchivalAsync(await response.Content.ReadAsByteArrayAsync(), "Alt, der er gemt om mig", "MUS");
    }
}
