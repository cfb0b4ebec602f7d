using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.SignIn;

public sealed partial class PasswordResetTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task ForgotPassword_SendsLinkToPickupFolder_AndTheLinkSetsANewPassword()
    {
        var client = app.CreateBrowserlikeClient();

        var asked = await client.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoOrganisation.EmployeeEmail });

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var mailFile = await MailFolder.SingleMailAsync(app);
        var mail = await MimeMessage.LoadAsync(mailFile);
        Assert.Equal(DemoOrganisation.EmployeeEmail, mail.To.Mailboxes.Single().Address);
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith("https://localhost/sign-in/reset-password?code=", link, StringComparison.OrdinalIgnoreCase);

        var reset = await client.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = "a brand new long passphrase",
            ["Input.ConfirmPassword"] = "a brand new long passphrase",
        });

        Assert.Equal("/sign-in", reset.Location());
        var fresh = app.CreateBrowserlikeClient();
        Assert.Equal("/Start/Employee", await fresh.SignInAsync(DemoOrganisation.EmployeeEmail, "a brand new long passphrase"));
    }

    [Fact]
    public async Task ForgotPassword_ForUnknownAddress_AnswersTheSameAndSendsNothing()
    {
        var client = app.CreateBrowserlikeClient();

        var unknown = await client.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.dk" });
        var known = await client.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoOrganisation.EmployeeEmail });

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal((await known.ParseAsync()).QuerySelector("main")!.TextContent, (await unknown.ParseAsync()).QuerySelector("main")!.TextContent);
        // Mails leave in the order asked for: once the known address has its mail, the unknown one would have had its.
        var mail = await MimeMessage.LoadAsync(await MailFolder.SingleMailAsync(app));
        Assert.Equal(DemoOrganisation.EmployeeEmail, mail.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task ResetPassword_WithForgedCode_IsRefusedWithMessage()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostFormAsync("/sign-in/reset-password?code=bm9wZQ&email=" + DemoOrganisation.EmployeeEmail, new Dictionary<string, string>
        {
            ["Input.Password"] = "another long passphrase",
            ["Input.ConfirmPassword"] = "another long passphrase",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("udløbet", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent);
        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password));
    }

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex LinkPattern();
}
