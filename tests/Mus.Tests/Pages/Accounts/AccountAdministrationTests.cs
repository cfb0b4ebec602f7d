using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Pages.Accounts;

/// <summary>The administrator closes and opens accounts; a closed account's sessions end and it cannot sign in.</summary>
public sealed class AccountAdministrationTests : IAsyncLifetime
{
    private const string Rasmus = "rasmus.thorsen@fjordby.example.dk";

    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<AppUser> UserAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }

    private static Task<HttpResponseMessage> PressAsync(HttpClient admin, string userId, string query = "") =>
        admin.PostFormAsync("/accounts" + query, new Dictionary<string, string>(), formAction: "id=" + userId);

    private static async Task<string> StatusMessageAsync(HttpClient client, HttpResponseMessage redirect) =>
        (await client.GetPageAsync(redirect.Location())).QuerySelector("[role=status]")!.TextContent.Trim();

    [Fact]
    public async Task ClosingAnAccount_EndsItsSessions_AndRefusesSignIn_UntilItIsOpenedAgain()
    {
        var rasmus = await app.SignedInAsync(Rasmus);
        Assert.Equal(HttpStatusCode.OK, (await rasmus.GetAsync("/start/employee")).StatusCode);
        var admin = await app.SignedInAsync(DemoPeople.Administrator);
        var id = await UserIdAsync(Rasmus);

        var closed = await PressAsync(admin, id, "?query=rasmus");

        Assert.Contains(Rasmus, await StatusMessageAsync(admin, closed), StringComparison.Ordinal);
        Assert.True(AccountStatus.IsDisabled(await UserAsync(Rasmus)));
        Assert.Contains("/sign-in", (await rasmus.GetAsync("/start/employee")).Location(), StringComparison.OrdinalIgnoreCase);
        var refused = await app.CreateBrowserlikeClient().PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = Rasmus, ["Input.Password"] = DemoOrganisation.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("lukket", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        var row = (await admin.GetPageAsync("/accounts?query=rasmus")).QuerySelectorAll("tbody tr").Single();
        Assert.Contains("Lukket", row.TextContent, StringComparison.Ordinal);

        await PressAsync(admin, id, "?query=rasmus");

        Assert.False(AccountStatus.IsDisabled(await UserAsync(Rasmus)));
        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync(Rasmus, DemoOrganisation.Password));
    }

    [Fact]
    public async Task AStaleCloseButton_SaysTheAccountIsAlreadyClosed_AndChangesNothing()
    {
        var first = await app.SignedInAsync(DemoPeople.Administrator);
        var second = await app.SignedInAsync(DemoPeople.Administrator);
        var id = await UserIdAsync(Rasmus);
        // Both administrators have the page with "close" on it; the second presses after the first.
        var staleForm = await second.GetPageAsync("/accounts?query=rasmus");
        var token = staleForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var action = staleForm.QuerySelector($"form[action*='{id}']")!.GetAttribute("action")!;
        await PressAsync(first, id, "?query=rasmus");
        var stampAfterFirst = (await UserAsync(Rasmus)).SecurityStamp;
        var before = await DatabaseFingerprint.TakeAsync(app);

        var late = await second.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Contains("allerede lukket", await StatusMessageAsync(second, late), StringComparison.Ordinal);
        var user = await UserAsync(Rasmus);
        Assert.True(AccountStatus.IsDisabled(user));
        Assert.Equal(stampAfterFirst, user.SecurityStamp);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Theory]
    [InlineData("/accounts?handler=Disable")]
    [InlineData("/accounts?handler=Enable&id=")]
    [InlineData("/accounts?handler=Disable&id=no-such-account")]
    public async Task APostWithoutAKnownAccount_Is404_NotAFault(string url)
    {
        var admin = await app.SignedInAsync(DemoPeople.Administrator);
        var token = (await admin.GetPageAsync("/accounts")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await admin.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheAdministrator_CannotCloseTheirOwnAccount()
    {
        var admin = await app.SignedInAsync(DemoPeople.Administrator);
        var id = await UserIdAsync(DemoPeople.Administrator);
        var page = await admin.GetPageAsync("/accounts?query=it.admin");
        Assert.Null(page.QuerySelector($"form[action*='{id}']"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await admin.PostAsync($"/accounts?id={id}&handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Contains("din egen konto", await StatusMessageAsync(admin, response), StringComparison.Ordinal);
        Assert.False(AccountStatus.IsDisabled(await UserAsync(DemoPeople.Administrator)));
    }

    [Fact]
    public async Task APasswordReset_LiftsALockout_ButNeverOpensAClosedAccount()
    {
        var admin = await app.SignedInAsync(DemoPeople.Administrator);
        await PressAsync(admin, await UserIdAsync(Rasmus), "?query=rasmus");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Ida is locked for a while, as after five wrong passwords.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(DemoPeople.Employee))!, TestClock.UtcNow.AddMinutes(15));
        }

        // Through the page, as the mailed link does.
        foreach (var email in new[] { Rasmus, DemoPeople.Employee })
        {
            var client = app.CreateBrowserlikeClient();
            await client.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        }

        foreach (var mail in await MailFolder.MailsAsync(app, 2))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(mail);
            var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https://\S+").Value;
            await app.CreateBrowserlikeClient().PostFormAsync(link, new Dictionary<string, string>
            {
                ["Input.Password"] = "a brand new long passphrase",
                ["Input.ConfirmPassword"] = "a brand new long passphrase",
            });
        }

        Assert.Equal(2, Directory.GetFiles(app.MailDirectory, "*.eml").Length);
        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync(DemoPeople.Employee, "a brand new long passphrase"));
        Assert.True(AccountStatus.IsDisabled(await UserAsync(Rasmus)));
        var refused = await app.CreateBrowserlikeClient().PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = Rasmus, ["Input.Password"] = "a brand new long passphrase" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
    }
}
