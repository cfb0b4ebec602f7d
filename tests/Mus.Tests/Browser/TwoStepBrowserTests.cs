using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

/// <summary>Two-step sign-in in the browser: switching it on, keeping the recovery codes, and signing in with one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoStepBrowserTests(BrowserSession session)
{
    // No other browser test signs in as Louise Brix: once her two-step is on, a password alone no longer
    // reaches a start page (the conversation-cycle test, which signs in as Julie Ravn, failed on CI that way).
    private const string Louise = "louise.brix@" + DemoOrganisation.Domain;

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(Louise);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
    }

    [Fact]
    public async Task TurningTwoStepOn_ShowsRecoveryCodesOnce_AndOneOfThemSignsIn()
    {
        await using (var context = await session.NewContextAsync(width: 320))
        {
            var page = await context.NewPageAsync();
            await SignInWithPasswordAsync(page);
            await BrowserSession.WaitForPageAsync(page, "**/Start/Employee");
            await page.GotoAsync("/profile/twofactor");
            var key = await page.Locator("#shared-key").TextContentAsync();
            await page.GetByLabel("Kode fra godkendelsesappen").FillAsync(Totp.Code(key!, TestClock.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Slå totrinsbekræftelse til" }).ClickAsync();

            await BrowserSession.WaitForPageAsync(page, "**/Profile/RecoveryCodes");
            var codes = await page.Locator("#recovery-codes code").AllTextContentsAsync();
            Assert.Equal(10, codes.Count);
            await BrowserSession.AssertAccessibleAsync(page);
            await BrowserSession.AssertFitsWidthAsync(page);
            await page.ReloadAsync();
            Assert.Equal(0, await page.Locator("#recovery-codes code").CountAsync());

            await using var other = await session.NewContextAsync(width: 320);
            var next = await other.NewPageAsync();
            await SignInWithPasswordAsync(next);
            await BrowserSession.WaitForPageAsync(next, "**/sign-in/two-factor**");
            await BrowserSession.AssertAccessibleAsync(next);
            await next.GetByRole(AriaRole.Link, new() { Name = "Log ind med en gendannelseskode" }).ClickAsync();
            await BrowserSession.WaitForPageAsync(next, "**/sign-in/recovery-code**");
            await BrowserSession.AssertAccessibleAsync(next);
            await BrowserSession.AssertFitsWidthAsync(next);
            await next.GetByLabel("Gendannelseskode").FillAsync(codes[0]);
            await next.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
            await BrowserSession.WaitForPageAsync(next, "**/Start/Employee");
        }
    }
}
