using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Tests.Pages.Organisation;

/// <summary>An organisation the size of a large municipality: importing it does not stop anyone else, and its leaders' pages stay small.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class LargeImportTests
{
    /// <summary>
    /// <paramref name="count"/> people in the operations unit; every hundredth reports to Karsten
    /// Lund (1010) and leads the 99 after it, so leaders are set in batches too.
    /// </summary>
    private static byte[] People(int count, Func<int, string?>? leader = null)
    {
        var file = new StringBuilder("medarbejdernummer;navn;email;enhed;leder\n");
        for (var i = 0; i < count; i++)
        {
            var number = 500_000 + i;
            var leaderNumber = leader is null ? (i % 100 == 0 ? "1010" : (500_000 + i / 100 * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)) : leader(i);
            file.Append(number).Append(";Person ").Append(i).Append(";p").Append(i).Append("@stor.example.dk;DRIFT;").Append(leaderNumber).Append('\n');
        }

        return Encoding.UTF8.GetBytes(file.ToString());
    }

    [Fact]
    public async Task AnImportOf100000People_LetsAnotherClientReadMeanwhile_WithoutAWaitOverTwoSecondsOrAFault()
    {
        await using var app = await MusApp.StartAsync();
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var conversation = await app.WithDbAsync(db => db.Conversations
            .Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        // Something in her preparation, so that each read of it is a read on record (an audit row written).
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{conversation}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Den nye pumpestation" }, formAction: "handler=Save")).StatusCode);
        var token = (await hr.GetPageAsync("/organisation/import")).QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = new ByteArrayContent(People(100_000));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var upload = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", "people.csv" } };

        var before = await app.WithDbAsync(db => db.People.CountAsync());
        var importing = Stopwatch.StartNew();
        var import = hr.PostAsync("/organisation/import", upload);
        var reads = new List<(string Url, HttpStatusCode Status, double Seconds)>();
        while (!import.IsCompleted)
        {
            // Her own preparation is a read on record: an audit row is written for every one, while the import writes.
            foreach (var url in new[] { "/Start/Employee", $"/conversations/{conversation}/preparation" })
            {
                var watch = Stopwatch.StartNew();
                var response = await ida.GetAsync(url);
                reads.Add((url, response.StatusCode, watch.Elapsed.TotalSeconds));
            }
        }

        var result = await import;
        importing.Stop();
        var report = $"import {importing.Elapsed.TotalSeconds:F1} s; {reads.Count} reads, slowest {reads.Max(r => r.Seconds):F2} s, median {reads.Select(r => r.Seconds).Order().ElementAt(reads.Count / 2):F3} s";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal(before + 100_000, await app.WithDbAsync(db => db.People.CountAsync()));
        Assert.Equal(1000, await app.WithDbAsync(db => db.People.CountAsync(p => p.Leader!.EmployeeNumber == "1010" && p.EmployeeNumber.StartsWith("5"))));
        Assert.Equal(99, await app.WithDbAsync(db => db.People.CountAsync(p => p.Leader!.EmployeeNumber == "500100")));
        Assert.True(reads.Count > 20, report);
        Assert.All(reads, read => Assert.True(read.Status == HttpStatusCode.OK, $"{read.Url}: {(int)read.Status}; {report}"));
        Assert.True(reads.Max(r => r.Seconds) < 2, report);
        // The reads were all recorded, at least one audit row each for the preparation.
        var recorded = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.ConversationId == conversation && e.Action == Mus.Web.Infrastructure.Audit.AuditAction.Read));
        Assert.True(recorded >= reads.Count(r => r.Url.StartsWith("/preparation", StringComparison.Ordinal)), $"{recorded} audit rows; {report}");
    }

    [Fact]
    public async Task ALeaderWith2000Reports_GetsAPagedStartPageUnder200KB()
    {
        await using var app = await MusApp.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<PeopleImport>().ImportAsync(People(2000, _ => "1010"));
            Assert.True(report.Succeeded);
        }

        var leader = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var total = await app.WithDbAsync(db => db.People.CountAsync(p => p.Leader!.EmployeeNumber == "1010"));
        Assert.True(total > 2000);

        var response = await leader.GetAsync("/Start/Leader");
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        var page = await response.ParseAsync();

        Assert.True(bytes < 200 * 1024, $"{bytes} bytes");
        var firstPage = page.QuerySelectorAll("#reports tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(50, firstPage.Count);
        Assert.Contains($"{total} ", page.QuerySelector(".font-lead")!.TextContent, StringComparison.Ordinal);
        var pages = (total + 49) / 50;
        Assert.Contains($"Side 1 af {pages}", page.QuerySelector("nav.pagination")!.TextContent, StringComparison.Ordinal);

        var next = page.QuerySelector("nav.pagination a[rel=next]")!.GetAttribute("href")!;
        var second = await leader.GetPageAsync(next);
        var secondPage = second.QuerySelectorAll("#reports tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(50, secondPage.Count);
        Assert.Empty(firstPage.Intersect(secondPage));

        var last = await leader.GetPageAsync($"/Start/Leader?side={pages + 5}");
        Assert.Equal(total - (pages - 1) * 50, last.QuerySelectorAll("#reports tbody tr").Length);

        // Adding one of them to the round: the reminder list shows the first hundred and says how many more.
        var round = (await Http.AccessMatrix.Ids.LoadAsync(app)).Round;
        var add = await leader.GetAsync($"/rounds/{round}/add");
        var addPage = await add.ParseAsync();
        Assert.True((await add.Content.ReadAsByteArrayAsync()).Length < 200 * 1024);
        Assert.Equal(100, addPage.QuerySelectorAll("main ul li").Length);
        Assert.Contains("flere", addPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
