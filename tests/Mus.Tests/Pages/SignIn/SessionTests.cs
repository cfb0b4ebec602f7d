using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Pages.SignIn;

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

        await laptop.PostFormAsync("/profile", new Dictionary<string, string>(), formAction: "sign-out");

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
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var idle = await app.SignedInAsync(DemoPeople.Employee);
        var active = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, await StartPageAsync(idle));

        // Two hours in all, the active session used every 20 minutes, the idle one not at all (idle timeout: 60 minutes).
        for (var step = 0; step < 6; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, await StartPageAsync(active));
        }

        var response = await idle.GetAsync("/start/employee");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/sign-in", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnActiveSession_EndsAtTheAbsoluteTimeout()
    {
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var employee = await app.SignedInAsync(DemoPeople.Employee);

        // Used every half hour: still signed in just before twelve hours, signed out just after.
        for (var step = 0; step < 23; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            Assert.Equal(HttpStatusCode.OK, await StartPageAsync(employee));
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        var response = await employee.GetAsync("/start/employee");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/sign-in", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
