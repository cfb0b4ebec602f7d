using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Rounds.Report;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

/// <summary>HR's round report with its charts, and the employee's choice about statistics, in Chromium under axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoundReportBrowserTests(BrowserSession session)
{
    [Fact]
    public async Task TheReport_WithChartsAndTables_IsAccessible_AndFitsAPhone_AndTheOptOutToo()
    {
        // An application of its own: the shared one's round is in progress for the other browser tests.
        var (app, baseAddress) = await BrowserSession.ServeAsync();
        await using var _ = app;
        var (round, drift) = await RoundReportTests.HoldDriftAsync(app);
        await RoundReportTests.PublishAsync(app, round);
        var unit = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == "DRIFT").Select(u => u.Id).SingleAsync());

        foreach (var width in new[] { 1280, 320 })
        {
            await using var context = await session.NewContextAsync(width, baseAddress);
            var page = await context.NewPageAsync();
            await SignInAsync(page, DemoOrganisation.HrEmail, "**/Start/Hr");
            await page.GotoAsync($"/rounds/{round}/report?gruppe=unit:{unit}");
            Assert.Equal("Drift og anlæg", await page.Locator("#report-group").TextContentAsync());
            Assert.Equal(3, await page.Locator("svg.bar-chart[role=img]").CountAsync());
            await BrowserSession.AssertAccessibleAsync(page);
            await BrowserSession.AssertFitsWidthAsync(page);

            // Choosing another group with the form: the operations unit's job group, the same thirteen people.
            await page.GetByLabel("Gruppe").SelectOptionAsync(new SelectOptionValue { Label = "Jobgruppe: Driftsteknikere (13)" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Vis tal" }).ClickAsync();
            await page.WaitForURLAsync("**gruppe=job-group*");
            Assert.Equal("Jobgruppe: Driftsteknikere", await page.Locator("#report-group").TextContentAsync());
            await BrowserSession.AssertAccessibleAsync(page);
        }

        await using var employee = await session.NewContextAsync(baseAddress: baseAddress);
        var ida = await employee.NewPageAsync();
        await SignInAsync(ida, DemoOrganisation.EmployeeEmail, "**/Start/Employee");
        var idas = drift.Single(d => d.Number == DemoPeople.EmployeeNumber).Conversation;
        await ida.GotoAsync($"/conversations/{idas}/participation");
        // The figures are published: the page says so, with no choice left to make.
        await ida.Locator("#statistics-published").WaitForAsync();
        Assert.Equal(0, await ida.GetByRole(AriaRole.Button, new() { Name = "Fravælg statistik for denne samtale" }).CountAsync());
        await BrowserSession.AssertAccessibleAsync(ida);
    }

    [Fact]
    public async Task TheLeadersSummary_TheTeamPage_AndSharingAnAction_AreAccessible()
    {
        var (app, baseAddress) = await BrowserSession.ServeAsync();
        await using var _ = app;
        var (round, drift) = await RoundReportTests.HoldDriftAsync(app);
        await RoundReportTests.PublishAsync(app, round);
        var idas = drift.Single(d => d.Number == DemoPeople.EmployeeNumber).Conversation;

        await using (var leader = await session.NewContextAsync(320, baseAddress))
        {
            var page = await leader.NewPageAsync();
            await SignInAsync(page, DemoOrganisation.LeaderEmail, "**/Start/Leader");
            await page.Locator($"#after-round + ul a[href='/rounds/{round}/summary']").ClickAsync();
            await BrowserSession.WaitForPageAsync(page, "**/summary");
            Assert.Equal(3, await page.Locator("svg.bar-chart[role=img]").CountAsync());
            await BrowserSession.AssertAccessibleAsync(page);
            await BrowserSession.AssertFitsWidthAsync(page);
            await page.GetByLabel("Fælles tendenser og mønstre").FillAsync("Mange ønsker mere tid til opgaver på tværs af vagtlagene.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Offentliggør for teamet" }).ClickAsync();
            await page.Locator("#summary-published").WaitForAsync();
            await BrowserSession.AssertAccessibleAsync(page);
        }

        await using var employee = await session.NewContextAsync(baseAddress: baseAddress);
        var ida = await employee.NewPageAsync();
        await SignInAsync(ida, DemoOrganisation.EmployeeEmail, "**/Start/Employee");
        await ida.GotoAsync($"/conversations/{idas}/share");
        await BrowserSession.AssertAccessibleAsync(ida);
        await ida.Locator("#share-actions button").First.ClickAsync();
        await ida.Locator("#share-actions .form-hint").WaitForAsync();
        await ida.GetByRole(AriaRole.Link, new() { Name = "Se teamets side" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(ida, "**/team/*");
        Assert.Contains("Mange ønsker mere tid", await ida.Locator("main").TextContentAsync());
        Assert.Equal(1, await ida.Locator("#table-shared tbody tr").CountAsync());
        await BrowserSession.AssertAccessibleAsync(ida);
    }

    private static async Task SignInAsync(IPage page, string email, string landing)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind", Exact = true }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, landing);
    }
}
