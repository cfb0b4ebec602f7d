using Microsoft.Playwright;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

/// <summary>The API's reference and the administrator's API clients, in Chromium under axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiPagesBrowserTests(BrowserSession session)
{
    [Fact]
    public async Task TheReference_AndTheApiClientsPage_AreAccessible_AndTheTokenIsShownOnce()
    {
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/api");
        Assert.Contains("GET /api/v1/rounds/{id}/conversations", await page.Locator("main").TextContentAsync());
        Assert.Contains("Needs the scope plans:read", await page.Locator("main").TextContentAsync());
        await BrowserSession.AssertAccessibleAsync(page);

        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(DemoOrganisation.AdministratorEmail);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind", Exact = true }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/Start/Administrator");
        await page.GotoAsync("/accounts/api-clients");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GetByLabel("Navn").FillAsync("Lønsystem");
        await page.GetByLabel("rounds:read").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret klient og vis token" }).ClickAsync();
        await page.Locator("#new-token code").WaitForAsync();
        Assert.StartsWith("mus_", (await page.Locator("#new-token code").TextContentAsync())?.Trim(), StringComparison.Ordinal);
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/accounts/api-clients");
        Assert.Equal(0, await page.Locator("#new-token").CountAsync());
        Assert.Contains("Lønsystem", await page.Locator("#clients").TextContentAsync());
    }
}
