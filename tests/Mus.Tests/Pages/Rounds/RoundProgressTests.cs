using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;

namespace Mus.Tests.Pages.Rounds;

/// <summary>HR's round page: a bar and figures per unit (with its sub-units), a drill-down to a unit's people, and mail that could not be delivered.</summary>
public sealed class RoundProgressTests
{
    [Fact]
    public async Task EachUnit_CountsItsSubUnits_TheBarSaysItsFigures_AndAUnitLinkShowsOnlyItsPeople()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var idasConversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round && c.Employee!.Email == DemoPeople.Employee).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{idasConversation}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Klar" }, formAction: "handler=Ready")).StatusCode);
        var julie = await app.SignedInAsync(DemoPeople.OtherEmployee);
        var juliesConversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round && c.Employee!.Email == DemoPeople.OtherEmployee).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await julie.PostFormAsync($"/conversations/{juliesConversation}/participation", new Dictionary<string, string>(), formAction: "handler=Decline")).StatusCode);
        var everyone = await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.RoundId == round));
        var inDrift = await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.RoundId == round && c.Employee!.OrgUnit!.Code == "DRIFT"));
        var inKunde = await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.RoundId == round && c.Employee!.OrgUnit!.Code == "KUNDE"));

        var page = await (await app.SignedInAsync(DemoPeople.Hr)).GetPageAsync($"/Rounds/Progress/{round}");

        var rows = page.QuerySelectorAll("#units tbody tr").ToList();
        string[] Cells(string unit) => [.. rows.Single(r => r.QuerySelector("th")!.TextContent.Trim() == unit).QuerySelectorAll("td").Skip(1).Select(c => c.TextContent.Trim())];
        // The top unit counts everyone: 1 ready (Ida), the rest not yet, Julie declined.
        Assert.Equal(["0", "1", (everyone - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "1", "0"], Cells("Fjordby Forsyning"));
        Assert.Equal(["0", "1", (inDrift - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "0", "0"], Cells("Drift og anlæg"));
        Assert.Equal(["0", "0", (inKunde - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "1", "0"], Cells("Kundeservice"));
        var bar = rows.Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Drift og anlæg").QuerySelector("svg[role=img]")!;
        Assert.Equal($"Drift og anlæg: 0 holdt, 1 forberedt, {inDrift - 1} ikke endnu, af {inDrift}", bar.GetAttribute("aria-label"));
        Assert.Equal((100.0 / inDrift).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), bar.QuerySelectorAll("rect")[1].GetAttribute("width"));
        Assert.True(rows.IndexOf(rows.Single(r => r.TextContent.Contains("Drift og anlæg", StringComparison.Ordinal))) > rows.IndexOf(rows.Single(r => r.TextContent.Contains("Fjordby Forsyning", StringComparison.Ordinal))));

        var drift = rows.Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Drift og anlæg").QuerySelector("a")!.GetAttribute("href")!;
        var drill = await (await app.SignedInAsync(DemoPeople.Hr)).GetPageAsync(drift);
        var people = drill.QuerySelectorAll("#conversations ~ div table tbody tr").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(inDrift, people.Count);
        Assert.Contains("Ida Brandt", people);
        Assert.DoesNotContain("Julie Ravn", people);
    }

    [Fact]
    public async Task TheFigures_AreCountedOncePerTenSeconds_SayWhen_AndTheListBelowIsAlwaysFresh()
    {
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Rounds:FiguresFreshSeconds"] = "10" }, services: services => services.AddSingleton<TimeProvider>(clock));
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        static string Declined(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("dl.site-facts dt").Single(dt => dt.TextContent == "Sagt nej tak").NextElementSibling!.TextContent;
        var before = await hr.GetPageAsync($"/Rounds/Progress/{round}");
        Assert.Equal("0", Declined(before));

        var julie = await app.SignedInAsync(DemoPeople.OtherEmployee);
        var juliesConversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round && c.Employee!.Email == DemoPeople.OtherEmployee).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await julie.PostFormAsync($"/conversations/{juliesConversation}/participation", new Dictionary<string, string>(), formAction: "handler=Decline")).StatusCode);

        // Five seconds later: the same count, said to be from the same moment; the list already shows her answer.
        clock.Advance(TimeSpan.FromSeconds(5));
        var soon = await hr.GetPageAsync($"/Rounds/Progress/{round}?Query=Julie+Ravn");
        Assert.Equal("0", Declined(soon));
        Assert.Equal(before.QuerySelector("#counted-at")!.TextContent, soon.QuerySelector("#counted-at")!.TextContent);
        Assert.Contains("Sagt nej tak", soon.QuerySelectorAll("#conversations ~ div table tbody tr").Single().TextContent, StringComparison.Ordinal);

        // Past ten seconds: counted again.
        clock.Advance(TimeSpan.FromSeconds(6));
        var later = await hr.GetPageAsync($"/Rounds/Progress/{round}");
        Assert.Equal("1", Declined(later));
        Assert.NotEqual(before.QuerySelector("#counted-at")!.TextContent, later.QuerySelector("#counted-at")!.TextContent);
    }

    [Fact]
    public async Task AFreshnessThatIsNotANumber_StopsStartUp_NotHrsPage()
    {
        var output = await Mus.Tests.Infrastructure.Processes.AppProcess.RefusedStartAsync(new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = "https://mus.fjordby.example",
            ["Rounds:FiguresFreshSeconds"] = "snart",
        });

        Assert.Contains("MUS cannot start: Rounds:FiguresFreshSeconds must be a number.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("snart", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyUnits_AreShownOneLevelAndFiftyAtATime()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var below = await app.WithDbAsync(async db =>
        {
            var top = await db.OrgUnits.SingleAsync(u => u.Code == "DIR");
            var units = Enumerable.Range(0, 55).Select(i => new Mus.Web.Domain.OrgUnit { Code = $"X{i:D2}", Name = $"Zone {i:D2}", ParentId = top.Id }).ToList();
            db.OrgUnits.AddRange(units);
            await db.SaveChangesAsync();
            db.RoundUnits.AddRange(units.Select(u => new Mus.Web.Domain.Conversations.RoundUnit { RoundId = round, OrgUnitId = u.Id }));
            await db.SaveChangesAsync();
            return await db.RoundUnits.CountAsync(u => u.RoundId == round && db.OrgUnits.Any(o => o.Id == u.OrgUnitId && o.ParentId == top.Id));
        });
        var hr = await app.SignedInAsync(DemoPeople.Hr);

        static string[] Names(AngleSharp.Html.Dom.IHtmlDocument page) => [.. page.QuerySelectorAll("#units tbody th").Select(h => h.TextContent.Trim())];
        var first = await hr.GetPageAsync($"/Rounds/Progress/{round}");
        var second = await hr.GetPageAsync($"/Rounds/Progress/{round}?enhedsside=2");

        Assert.Equal(1 + Mus.Web.Pages.Rounds.ProgressModel.UnitsPerPage, Names(first).Length);
        Assert.Equal("Fjordby Forsyning", Names(first)[0]);
        Assert.Equal("Fjordby Forsyning", Names(second)[0]);
        Assert.Equal(below, Names(first).Skip(1).Concat(Names(second).Skip(1)).Distinct().Count());
        Assert.NotNull(first.QuerySelector("a[href*='enhedsside=2']"));
    }

    [Fact]
    public async Task AMailThatCouldNotBeDelivered_IsShownOnTheRoundsPage_WithTheAddress()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        Assert.Null((await hr.GetPageAsync($"/Rounds/Progress/{round}")).QuerySelector("#undelivered"));
        await app.WithDbAsync(async db =>
        {
            var mail = OutboxMail.Create("ikke en adresse", "Påmindelse", "Tekst", "da", "reminder", TestClock.UtcNow.UtcDateTime, "localhost");
            mail.RoundId = round;
            db.OutboxMails.Add(mail);
            return await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        var page = await hr.GetPageAsync($"/Rounds/Progress/{round}");

        Assert.Contains("(1)", page.QuerySelector("#undelivered")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ikke en adresse: Ikke en gyldig e-mailadresse", page.QuerySelector("#undelivered ~ ul")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListOfConversations_PagesThroughTheWholeRoundInNameOrder_EachOnce_AlsoWhenSearched()
    {
        await using var app = await MusApp.StartAsync();
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        // More than two pages: 90 people, named so that their names and their ids run in different orders.
        await app.WithDbAsync(async db =>
        {
            var template = await db.Rounds.Where(r => r.Id == round).Select(r => r.TemplateVersionId).SingleAsync();
            var leader = await db.People.SingleAsync(p => p.Email == DemoPeople.CurrentLeader);
            for (var i = 0; i < 90; i++)
            {
                var person = new Mus.Web.Domain.Person { EmployeeNumber = $"P{i:D3}", Name = $"{(char)('Z' - (i % 26))}ulle Pagineret {i:D2}", Email = $"pagineret{i}@fjordby.example.dk", OrgUnitId = leader.OrgUnitId, LeaderId = leader.Id };
                db.Conversations.Add(new Mus.Web.Domain.Conversations.Conversation { RoundId = round, Employee = person, LeaderId = leader.Id, TemplateVersionId = template, CreatedAt = TestClock.UtcNow });
            }

            return await db.SaveChangesAsync();
        });
        var expected = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round).OrderBy(c => c.Employee!.Name).ThenBy(c => c.EmployeeId).Select(c => c.Employee!.Name).ToListAsync());
        var hr = await app.SignedInAsync(DemoPeople.Hr);

        // Every page there is for this many rows, each once.
        async Task<List<string>> AllPagesAsync(string query, int count)
        {
            var names = new List<string>();
            for (var side = 1; side <= (count + Mus.Web.Pages.Rounds.ProgressModel.PageSize - 1) / Mus.Web.Pages.Rounds.ProgressModel.PageSize; side++)
            {
                var page = await hr.GetPageAsync($"/Rounds/Progress/{round}?side={side}{query}");
                var rows = page.QuerySelectorAll("#conversations ~ div table tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();
                Assert.InRange(rows.Count, 0, Mus.Web.Pages.Rounds.ProgressModel.PageSize);
                names.AddRange(rows);
            }

            return names;
        }

        Assert.True(expected.Count > 2 * Mus.Web.Pages.Rounds.ProgressModel.PageSize);
        Assert.Equal(expected, await AllPagesAsync("", expected.Count));
        var searched = expected.Where(n => n.Contains("Pagineret", StringComparison.Ordinal)).ToList();
        Assert.Equal(searched, await AllPagesAsync("&Query=pagineret", searched.Count));
        // A page number far past the end (its offset would overflow) shows the last page.
        var far = await hr.GetPageAsync($"/Rounds/Progress/{round}?side={int.MaxValue}");
        var lastPage = expected.Skip((expected.Count - 1) / Mus.Web.Pages.Rounds.ProgressModel.PageSize * Mus.Web.Pages.Rounds.ProgressModel.PageSize).ToList();
        Assert.Equal(lastPage, far.QuerySelectorAll("#conversations ~ div table tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()));
    }
}
