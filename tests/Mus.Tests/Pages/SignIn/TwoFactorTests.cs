using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Pages.SignIn;

public sealed class TwoFactorTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task TurningOnTwoFactor_ThenSigningIn_AsksForTheAppCode()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);
        var setup = await client.GetPageAsync("/profile/twofactor");
        var key = setup.QuerySelector("#shared-key")!.TextContent;

        var enabled = await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, TestClock.UtcNow) }, formAction: "handler=Enable");

        Assert.Equal("/Profile/RecoveryCodes", enabled.Location());
        var next = app.CreateBrowserlikeClient();
        var first = await next.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoOrganisation.EmployeeEmail,
            ["Input.Password"] = DemoOrganisation.Password,
        });
        Assert.StartsWith("/sign-in/two-factor", first.Location(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/start/employee")).StatusCode);

        var wrong = await next.PostFormAsync(first.Location(), new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, TestClock.UtcNow.AddHours(1)) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Koden passer ikke", (await wrong.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/start/employee")).StatusCode);

        // The next step's code: the one used to switch two-step sign-in on is spent.
        var second = await next.PostFormAsync(first.Location(), new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, TestClock.UtcNow.AddSeconds(30)) });
        Assert.Equal("/", second.Location());
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/start/employee")).StatusCode);
    }

    [Fact]
    public async Task TurningTwoFactorOff_AsksForThePasswordOrACodeAgain_APostWithOnlyTheTokenChangesNothing()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);
        var key = (await client.GetPageAsync("/profile/twofactor")).QuerySelector("#shared-key")!.TextContent;
        Assert.Equal("/Profile/RecoveryCodes", (await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, TestClock.UtcNow) }, formAction: "handler=Enable")).Location());
        async Task<bool> EnabledAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoOrganisation.EmployeeEmail))!.TwoFactorEnabled;
        }

        // What the tester sent: the antiforgery token and nothing else; then a wrong password.
        foreach (var confirmation in new[] { "", "not the password" })
        {
            var refused = await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Confirmation"] = confirmation }, formAction: "handler=Disable");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("stadig slået til", (await refused.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            Assert.True(await EnabledAsync());
        }

        var off = await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Confirmation"] = DemoOrganisation.Password }, formAction: "handler=Disable");

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(await EnabledAsync());
    }

    [Fact]
    public async Task TurningOnTwoFactor_WithWrongCode_LeavesItOff()
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.LeaderEmail, DemoOrganisation.Password);
        var key = (await client.GetPageAsync("/profile/twofactor")).QuerySelector("#shared-key")!.TextContent;
        var wrongCode = Totp.Code(key, TestClock.UtcNow.AddHours(1));

        var response = await client.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Code"] = wrongCode }, formAction: "handler=Enable");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoOrganisation.LeaderEmail);
        Assert.False(user!.TwoFactorEnabled);
    }
}
