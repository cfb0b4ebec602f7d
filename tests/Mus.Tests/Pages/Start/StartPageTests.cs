using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.Start;

/// <summary>Each role lands on its own start page and is refused the others'.</summary>
public sealed class StartPageTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    public static TheoryData<string, string> Landings => new()
    {
        { DemoOrganisation.EmployeeEmail, "/Start/Employee" },
        { DemoOrganisation.LeaderEmail, "/Start/Leader" },
        { DemoOrganisation.HrEmail, "/Start/Hr" },
        { DemoOrganisation.AdministratorEmail, "/Start/Administrator" },
    };

    [Theory]
    [MemberData(nameof(Landings))]
    public async Task SignIn_LandsOnTheRolesStartPage(string email, string startPage)
    {
        var client = shared.App.CreateBrowserlikeClient();

        var landing = await client.SignInAsync(email, DemoOrganisation.Password);

        Assert.Equal(startPage, landing);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing)).StatusCode);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { DemoOrganisation.EmployeeEmail, "/start/leader" },
        { DemoOrganisation.EmployeeEmail, "/start/hr" },
        { DemoOrganisation.EmployeeEmail, "/start/administrator" },
        { DemoOrganisation.EmployeeEmail, "/organisation" },
        { DemoOrganisation.EmployeeEmail, "/organisation/import" },
        { DemoOrganisation.LeaderEmail, "/start/hr" },
        { DemoOrganisation.LeaderEmail, "/organisation/people/edit/1" },
        { DemoOrganisation.HrEmail, "/start/administrator" },
        { DemoOrganisation.AdministratorEmail, "/start/hr" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task PageOutsideTheRole_IsRefusedWith403(string email, string url)
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ikke adgang", (await response.ParseAsync()).QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/start/employee")]
    [InlineData("/organisation")]
    [InlineData("/profile")]
    public async Task Anonymous_IsSentToSignIn(string url)
    {
        var response = await shared.App.CreateBrowserlikeClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/sign-in", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALeaderFindsTheirOwnMus_InTheMenu_AndItShowsTheirConversationWithTheirLeader()
    {
        var karsten = await shared.App.SignedInAsync(DemoOrganisation.LeaderEmail);
        var leaderPage = await karsten.GetPageAsync("/Start/Leader");

        var link = leaderPage.QuerySelectorAll("nav.site-nav a").Single(a => a.TextContent == "Min MUS");
        Assert.Equal("/start/employee", link.GetAttribute("href"));
        var own = await karsten.GetPageAsync(link.GetAttribute("href")!);
        Assert.Contains("Birgitte Holmsgaard", own.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // An employee's start page is already her own MUS: no second link to it.
        var ida = await shared.App.SignedInAsync(DemoOrganisation.EmployeeEmail);
        Assert.DoesNotContain((await ida.GetPageAsync("/Start/Employee")).QuerySelectorAll("nav.site-nav a"), a => a.TextContent == "Min MUS");
    }

    [Fact]
    public async Task LeaderStartPage_ListsOnlyTheLeadersOwnReports()
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.LeaderEmail, DemoOrganisation.Password);

        var page = await client.GetPageAsync("/start/leader");

        var names = page.QuerySelectorAll("#reports tbody tr td:first-child").Select(td => td.TextContent).ToList();
        Assert.Contains("Ida Brandt", names);
        Assert.DoesNotContain("Julie Ravn", names);
        Assert.Equal(13, names.Count);
    }

    [Fact]
    public async Task StartPage_SwitchesToEnglish()
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);

        var switched = await client.PostFormAsync("/start/employee", new Dictionary<string, string> { ["culture"] = "en-GB" }, formAction: "/Language");

        Assert.Equal("/start/employee", switched.Location());
        var page = await client.GetPageAsync("/start/employee");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Hello Ida Brandt", page.QuerySelector("h1")!.TextContent);
    }
}
