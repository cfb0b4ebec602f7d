using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Oidc;
using Mus.Tests.Infrastructure.Processes;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

/// <summary>
/// Single sign-on in Chromium, through the real provider: the redirects and cookies as a browser
/// treats them (the correlation cookies are SameSite=Lax and must come back from the provider's
/// redirect), and the new pages under axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SingleSignOnBrowserTests(BrowserSession session)
{
    [Fact]
    public async Task SignInAtTheProvider_SignOutThere_AnUnknownPerson_AndTheAdministratorsPage()
    {
        var port = FreePort.Next();
        var address = $"https://localhost:{port}";
        await using var provider = await OpenIdProvider.StartAsync(musAddress: address);
        var settings = OpenIdProvider.Settings(provider.Port);
        settings["App:PublicUrl"] = address;
        var (app, baseAddress) = await BrowserSession.ServeAsync(settings, port);
        await using var _ = app;
        await using var context = await session.NewContextAsync(baseAddress: baseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/sign-in");
        await BrowserSession.AssertAccessibleAsync(page);
        await provider.WillSignInAsync("browser-ida", new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind med Testudbyderen" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/Start/Employee");
        Assert.Equal("Hej Ida Brandt", (await page.Locator("h1").TextContentAsync())?.Trim());

        // Signing out goes by the provider, which asks to confirm, and comes back to MUS's sign-in page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log af" }).ClickAsync();
        await page.WaitForURLAsync($"http://127.0.0.1:{provider.Port}/session/end**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/sign-in");
        Assert.Contains("Du er logget af", await page.Locator("main").TextContentAsync());
        Assert.Equal(1, (await provider.SeenAsync()).Logouts);

        await provider.WillSignInAsync("browser-stranger", new { email = "stranger@fjordby.example.dk", email_verified = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind med Testudbyderen" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/sign-in/single-sign-on**");
        Assert.Contains("MUS kender dig ikke", await page.Locator("#refusal").TextContentAsync());
        await BrowserSession.AssertAccessibleAsync(page, 403);

        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(DemoOrganisation.AdministratorEmail);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind", Exact = true }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/Start/Administrator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Login via organisationen" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/accounts/single-sign-on");
        Assert.Contains(address + "/signin-oidc", await page.Locator("#configured").TextContentAsync());
        await BrowserSession.AssertAccessibleAsync(page);
    }
}
