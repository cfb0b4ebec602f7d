using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Pages.Rounds;

/// <summary>HR's status file for a round: who and how far, never content, and safe to open in a spreadsheet.</summary>
public sealed class ProgressCsvTests : IdasConversationTest
{
    [Fact]
    public async Task TheStatusFile_ListsEveryConversation_WithStatusOnly_AndEscapesWhatLooksLikeAFormula()
    {
        var round = await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.RoundId).SingleAsync());
        var total = await App.WithDbAsync(db => db.Conversations.CountAsync(c => c.RoundId == round));
        // A name from the organisation data that a spreadsheet would run as a formula.
        await App.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1012").ExecuteUpdateAsync(set => set.SetProperty(p => p.Name, "=HYPERLINK(\"https://evil.example\")")));
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Indholdet her må ikke med" }, formAction: "handler=Ready")).StatusCode);
        var hr = await App.SignedInAsync(DemoPeople.Hr);

        var response = await hr.GetAsync($"/Rounds/Progress/{round}?handler=Csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("Medarbejdernummer;Medarbejder;Enhed;Leder;Status;Medarbejder klar;Leder klar;Tid", lines[0]);
        Assert.Equal(total, lines.Count - 1);
        var idasLine = Assert.Single(lines, l => l.StartsWith("1011;", StringComparison.Ordinal));
        Assert.Contains("Ida Brandt", idasLine, StringComparison.Ordinal);
        Assert.Contains(";Ja;", idasLine, StringComparison.Ordinal);
        var formula = Assert.Single(lines, l => l.StartsWith("1012;", StringComparison.Ordinal));
        Assert.DoesNotContain(";=HYPERLINK", formula, StringComparison.Ordinal);
        Assert.DoesNotContain(";\"=HYPERLINK", formula, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", formula, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Indholdet her", StringComparison.Ordinal));
    }
}
