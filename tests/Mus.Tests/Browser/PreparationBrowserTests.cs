using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PreparationBrowserTests(BrowserSession session)
{
    private static async Task<IPage> SignedInAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/Start/**");
        return page;
    }

    [Fact]
    public async Task Employee_TypesAnAnswer_WhichAutosaves_AndSharesIt_AndTheLeaderReadsIt()
    {
        await using var employeeContext = await session.NewContextAsync(width: 320);
        await using var leaderContext = await session.NewContextAsync();
        var employee = await SignedInAsync(employeeContext, DemoPeople.Employee);
        var leader = await SignedInAsync(leaderContext, DemoPeople.CurrentLeader);

        await employee.GetByRole(AriaRole.Link, new() { Name = "Gå til forberedelsen" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(employee, "**/conversations/*/preparation");
        await BrowserSession.AssertAccessibleAsync(employee);
        await BrowserSession.AssertFitsWidthAsync(employee);
        var answer = employee.GetByLabel("Hvilke opgaver er lykkedes særligt godt, og hvad gjorde forskellen?");
        await answer.FillAsync("Beredskabsøvelsen i marts – vi havde øvet kommunikationen.");
        await employee.Locator("#autosave-status", new() { HasText = "Gemt automatisk" }).WaitForAsync();
        await employee.ReloadAsync();
        Assert.Equal("Beredskabsøvelsen i marts – vi havde øvet kommunikationen.", await answer.InputValueAsync());

        await employee.GetByRole(AriaRole.Button, new() { Name = "Del med Karsten Lund" }).ClickAsync();
        await employee.Locator(".alert-success").WaitForAsync();
        await BrowserSession.AssertAccessibleAsync(employee);

        await leader.GetByRole(AriaRole.Link, new() { Name = "Ida Brandt", Exact = true }).ClickAsync();
        await BrowserSession.WaitForPageAsync(leader, "**/conversations/*/preparation");
        Assert.Contains("Beredskabsøvelsen i marts", await leader.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.AssertAccessibleAsync(leader);

        await leader.GotoAsync("/start/leader");
        await leader.GetByRole(AriaRole.Link, new() { Name = "Aftal tid – Ida Brandt" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(leader);
        await leader.GetByLabel("Tidspunkt").FillAsync(TestClock.Midnight.AddDays(7).AddHours(10).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await leader.GetByLabel("Sted").FillAsync("Mødelokale Fjorden");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Gem tid og sted" }).ClickAsync();
        await leader.Locator(".alert-success").WaitForAsync();
        await employee.GotoAsync("/start/employee");
        Assert.Contains("Mødelokale Fjorden", await employee.Locator("main").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hr_OpensARound_AndFollowsItsProgress()
    {
        await using var context = await session.NewContextAsync();
        var page = await SignedInAsync(context, DemoPeople.Hr);

        await page.GotoAsync("/rounds");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Åbn en MUS-runde" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GetByLabel("Navn").FillAsync("Seniorsamtaler i projekter");
        await page.GetByLabel("Skabelon").SelectOptionAsync(new SelectOptionValue { Label = "Seniorsamtale (v1)" });
        await page.GetByLabel("Projekter og planlægning").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Åbn runden" }).ClickAsync();

        await BrowserSession.WaitForPageAsync(page, "**/Rounds/Progress/*");
        Assert.Contains("10 samtaler", await page.Locator(".alert-success").TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.AssertAccessibleAsync(page);
        var rounds = await session.App.WithDbAsync(db => db.Rounds.CountAsync(r => r.Name == "Seniorsamtaler i projekter"));
        Assert.Equal(1, rounds);
    }
}
