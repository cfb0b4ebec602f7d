using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain;

namespace Mus.Tests.Pages.Account;

/// <summary>Sessions end when they should: at sign-out everywhere, when the account is disabled, and after the absolute timeout.</summary>
public sealed class SessionTests
{
    private static async Task<HttpStatusCode> StartPageAsync(HttpClient client) => (await client.GetAsync("/start/employee")).StatusCode;

    [Fact]
    public async Task SigningOut_EndsTheUsersOtherSessionsToo()
    {
        await using var app = await MusApp.StartAsync();
        var laptop = await app.SignedInAsync(DemoPeople.Employee);
        var phone = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(phone));

        await laptop.PostFormAsync("/profile", new Dictionary<string, string>(), formAction: "SignOut");

        Assert.Equal(HttpStatusCode.Redirect, await StartPageAsync(laptop));
        Assert.Equal(HttpStatusCode.Redirect, await StartPageAsync(phone));
    }

    [Fact]
    public async Task ADisabledAccount_IsSignedOutAtItsNextRequest()
    {
        await using var app = await MusApp.StartAsync();
        var employee = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(employee));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.CloseAsync((await users.FindByEmailAsync(DemoPeople.Employee))!);
        }

        Assert.Equal(HttpStatusCode.Redirect, await StartPageAsync(employee));
    }

    [Fact]
    public async Task AnIdleSession_EndsAtTheIdleTimeout_WhileAnActiveOneGoesOn()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:IdleTimeoutMinutes"] = "0.05" });
        var idle = await app.SignedInAsync(DemoPeople.Employee);
        var active = await app.SignedInAsync(DemoPeople.Employee);

        // Three seconds in all: the active session is used every second, the idle one not at all.
        for (var second = 0; second < 4; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, await StartPageAsync(active));
        }

        var response = await idle.GetAsync("/start/employee");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnActiveSession_EndsAtTheAbsoluteTimeout()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:AbsoluteTimeoutMinutes"] = "0.03" });
        var employee = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(employee));

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var response = await employee.GetAsync("/start/employee");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
