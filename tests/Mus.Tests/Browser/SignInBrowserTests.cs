using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserSession session)
{
    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        Assert.Contains("/sign-in", page.Url, StringComparison.OrdinalIgnoreCase);
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
    }

    [Fact]
    public async Task DemoEmployee_SignsIn_AndSeesTheirStartPageInDanish()
    {
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, DemoOrganisation.EmployeeEmail);

        await BrowserSession.WaitForPageAsync(page, "**/Start/Employee");
        Assert.Equal("Hej Ida Brandt", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal("da", await page.Locator("html").GetAttributeAsync("lang"));
        await BrowserSession.AssertAccessibleAsync(page);

        await page.GotoAsync("/profile");
        Assert.Contains("Karsten Lund", await page.Locator("main").TextContentAsync());
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/twofactor");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/changepassword");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/receipts");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/access");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/export");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/start/employee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nej tak til MUS i år" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/participation");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/start/employee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Om runden og materialer" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/about");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/profile/calendar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lav en kalenderadresse" }).ClickAsync();
        await page.Locator("#feed-address").WaitForAsync();
        await BrowserSession.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task HrPages_AreAccessible_AndFitAPhoneScreen()
    {
        await using var context = await session.NewContextAsync(width: 320);
        var page = await context.NewPageAsync();

        await SignInAsync(page, DemoOrganisation.HrEmail);

        await BrowserSession.WaitForPageAsync(page, "**/Start/Hr");
        foreach (var url in new[] { "/start/hr", "/organisation", "/organisation/import", "/organisation/units/create", "/organisation/people/edit/7", "/organisation/job-groups", "/organisation/job-groups/3", "/templates", "/templates/versions/1", "/forwarded", "/conversations/1/excuse", "/Rounds/Progress/2", "/rounds/2/settings", "/rounds/2/about", "/Rounds/Open", "/guidance/employee", "/guidance/leader", "/guidance/organisation" })
        {
            await page.GotoAsync(url);
            await BrowserSession.AssertAccessibleAsync(page);
            await BrowserSession.AssertFitsWidthAsync(page);
        }

        await page.GotoAsync("/templates");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kopier – Standard-MUS" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/templates/versions/*");
        await page.Locator("#template-name").WaitForAsync();
        await BrowserSession.AssertAccessibleAsync(page);
        await BrowserSession.AssertFitsWidthAsync(page);
    }

    [Fact]
    public async Task LeaderAndAdministratorStartPages_AreAccessible_InEnglishToo()
    {
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, DemoOrganisation.LeaderEmail);
        await BrowserSession.WaitForPageAsync(page, "**/Start/Leader");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tilbyd senior- eller ledertalentsamtale" }).First.ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/offer");
        await BrowserSession.AssertAccessibleAsync(page);
        await page.GotoAsync("/Start/Leader");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "My employees" }).WaitForAsync();
        Assert.EndsWith("/Start/Leader", page.Url, StringComparison.Ordinal);
        await BrowserSession.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task AdministratorPages_AreAccessible_AndAnAccountIsClosedFromTheList()
    {
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, DemoOrganisation.AdministratorEmail);
        await BrowserSession.WaitForPageAsync(page, "**/Start/Administrator");
        await BrowserSession.AssertAccessibleAsync(page);

        await page.GotoAsync("/accounts?query=rasmus");
        await BrowserSession.AssertAccessibleAsync(page);
        await BrowserSession.AssertFitsWidthAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Luk konto rasmus.thorsen@fjordby.example.dk" }).ClickAsync();
        await page.Locator("[role=status]", new() { HasText = "er lukket" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Åbn konto rasmus.thorsen@fjordby.example.dk" }).WaitForAsync();
        await BrowserSession.AssertAccessibleAsync(page);

        // The outgoing mail page with a mail given up on, at a phone's width.
        await session.App.WithDbAsync(db =>
        {
            var dead = Mus.Web.Infrastructure.Email.OutboxMail.Create("ikke en adresse", "Prøve", "Tekst", "da", "password-reset", TestClock.UtcNow.UtcDateTime, "localhost");
            dead.DeadAt = TestClock.UtcNow.UtcDateTime;
            dead.LastError = "Ikke en gyldig e-mailadresse / not a valid e-mail address";
            db.OutboxMails.Add(dead);
            return db.SaveChangesAsync();
        });
        await page.SetViewportSizeAsync(320, 800);
        await page.GotoAsync("/mail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send igen – ikke en adresse" }).WaitForAsync();
        await BrowserSession.AssertAccessibleAsync(page);
        await BrowserSession.AssertFitsWidthAsync(page);
    }
}
