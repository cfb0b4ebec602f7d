using System.Net;
using System.Text;
using Mus.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Mus.Tests.Pages.Conversations.Plans;

/// <summary>The approved plan as a PDF, read back with PdfPig.</summary>
public sealed class PlanPdfTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/plan";

    // PdfPig gives the letters as drawn; spaces between words may or may not be glyphs, so compare without them.
    private static string WithoutSpaces(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Karsten and Ida approve one goal with a goes-further item; Ida asks for the PDF.</summary>
    private async Task<HttpResponseMessage> ApprovedPlanAsPdfAsync()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        await leader.PostFormAsync(Url, PlanTests.OneGoal(goesFurther: "Ansøgning om GIS-kursus, 3 dage i foråret"), formAction: "handler=Approve");
        await employee.PostFormAsync(Url, new Dictionary<string, string>(), formAction: "handler=Approve");
        return await employee.GetAsync(Url + "/pdf");
    }

    [Fact]
    public async Task ApprovedPlan_AsPdf_HasNamesRoundGoalsApprovalsAndDanishLettersInAnEmbeddedFont()
    {
        var response = await ApprovedPlanAsPdfAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        var text = WithoutSpaces(string.Concat(pdf.GetPages().Select(p => p.Text)));
        foreach (var expected in new[]
        {
            "Udviklingsplan", "Fjordby Forsyning", "Ida Brandt", "Karsten Lund", $"MUS {TestClock.UtcNow.UtcDateTime.Year}",
            "Blive selvkørende i GIS", "Kursus i ledningsregistrering", "Ansøgning om GIS-kursus, 3 dage i foråret",
            "1, godkendt af begge", "Godkendt", PlanTests.ByWhen.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), "Kursus eller uddannelse",
        })
        {
            Assert.Contains(WithoutSpaces(expected), text, StringComparison.Ordinal);
        }

        var fonts = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        // The typeface built into the assembly, not one of the host's.
        Assert.All(fonts, f => Assert.Contains("IBMPlexSans", f, StringComparison.Ordinal));
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALongPlan_FlowsOntoMorePages_WithoutLosingText()
    {
        var employee = await App.SignedInAsync(DemoPeople.Employee);
        var fields = new Dictionary<string, string>();
        for (var g = 0; g < 3; g++)
        {
            fields[$"Input.Goals[{g}].Title"] = $"Mål nummer {g + 1} " + string.Join(' ', Enumerable.Repeat("langt", 30));
            fields[$"Input.Goals[{g}].Actions[0].What"] = $"Handling {g + 1}";
            fields[$"Input.Goals[{g}].Actions[0].Why"] = string.Join(' ', Enumerable.Repeat("begrundelse", 80)) + $" slut{g + 1}";
        }

        await employee.PostFormAsync(Url, fields, formAction: "handler=Save");
        var bytes = await employee.GetByteArrayAsync(Url + "/pdf");

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} page(s)");
        var text = WithoutSpaces(string.Concat(pdf.GetPages().Select(p => p.Text)));
        Assert.Contains("slut1", text, StringComparison.Ordinal);
        Assert.Contains("slut3", text, StringComparison.Ordinal);
        Assert.Contains("udkast", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlan_IsAPdfA2bUnder60KB_WithSubsetFonts_AndNoLabelDrawnOverItsValue()
    {
        var response = await ApprovedPlanAsPdfAsync();

        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // The label that wrapped over its value before: "Hvorfor – hvilken kompetence styrker det?".
        using (var pdf = PdfDocument.Open(bytes))
        {
            Assert.Contains("kompetence", string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        }

        await ArchivalPdf.AssertArchivalAsync(bytes, "Udviklingsplan for Ida Brandt", "Fjordby Forsyning");
        Assert.True(bytes.Length < 60_000, $"{bytes.Length:N0} bytes");
    }
}
