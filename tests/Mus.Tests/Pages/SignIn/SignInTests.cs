using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.SignIn;

public sealed class SignInTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() =>
        app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:MaxFailedAttempts"] = "3" });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SignIn_WithGoodPassword_LandsOnStartPageWithNewCookie()
    {
        var client = app.CreateBrowserlikeClient();

        var landing = await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);

        Assert.Equal("/Start/Employee", landing);
        var page = await client.GetPageAsync(landing);
        Assert.Contains("Ida Brandt", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task SignIn_WithBadPassword_IsRefusedWithMessage()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoOrganisation.EmployeeEmail,
            ["Input.Password"] = "not the password",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("E-mail eller adgangskode er forkert", page.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/start/employee")).StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterConfiguredFailures_MakesThatClientWait_EvenWithTheRightPassword()
    {
        var client = app.CreateBrowserlikeClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await client.PostFormAsync("/sign-in", new Dictionary<string, string>
            {
                ["Input.Email"] = DemoOrganisation.LeaderEmail,
                ["Input.Password"] = "wrong-" + attempt,
            });
        }

        var response = await client.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoOrganisation.LeaderEmail,
            ["Input.Password"] = DemoOrganisation.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Vent 1 min.", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_ShowsMessagesAndNo500()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = "",
            ["Input.Password"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("skal udfyldes", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent);
    }

    [Fact]
    public async Task SignIn_WithForeignReturnUrl_StaysOnThisSite()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostFormAsync("/sign-in?ReturnUrl=%2F%2Fevil.example", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoOrganisation.EmployeeEmail,
            ["Input.Password"] = DemoOrganisation.Password,
        });

        Assert.Equal("/", response.Location());
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);

        var response = await client.PostFormAsync("/start/employee", new Dictionary<string, string>(), formAction: "/sign-out");

        Assert.Equal("/sign-in", response.Location());
        Assert.StartsWith("https://localhost/sign-in", (await client.GetAsync("/start/employee")).Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
