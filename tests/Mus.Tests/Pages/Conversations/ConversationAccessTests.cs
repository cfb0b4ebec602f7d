using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.Conversations;

/// <summary>Who reaches Ida Brandt's preparation, and who may not even learn that it exists.</summary>
public sealed class ConversationAccessTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    public static TheoryData<string, HttpStatusCode> Readers => new()
    {
        { DemoPeople.Employee, HttpStatusCode.OK },
        { DemoPeople.CurrentLeader, HttpStatusCode.OK },
        { DemoPeople.OtherEmployee, HttpStatusCode.NotFound },
        { DemoPeople.OtherLeader, HttpStatusCode.NotFound },
        { DemoPeople.LeadersLeader, HttpStatusCode.NotFound },
        { DemoPeople.Hr, HttpStatusCode.NotFound },
        { DemoPeople.Administrator, HttpStatusCode.NotFound },
    };

    private Task<int> ConversationIdAsync() =>
        shared.App.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Preparation_IsReachableByTheTwoPartiesOnly(string email, HttpStatusCode expected)
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);

        var response = await client.GetAsync($"/conversations/{await ConversationIdAsync()}/preparation");

        Assert.Equal(expected, response.StatusCode);
    }

    public static TheoryData<string> Strangers => new(DemoPeople.OtherEmployee, DemoPeople.OtherLeader, DemoPeople.LeadersLeader, DemoPeople.Hr, DemoPeople.Administrator);

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task DeniedWrites_LeaveTheDatabaseUnchanged(string email)
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);
        var id = await ConversationIdAsync();
        var token = (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await DatabaseFingerprint.TakeAsync(shared.App);

        var response = await client.PostAsync($"/conversations/{id}/preparation?handler=Share", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = "0",
            ["Answers[tasks-hard]"] = "skrevet af " + email,
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(shared.App)));
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var response = await shared.App.CreateBrowserlikeClient().GetAsync($"/conversations/{await ConversationIdAsync()}/preparation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/sign-in", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownConversation_Is404()
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(DemoPeople.Employee, DemoOrganisation.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/conversations/999999/preparation")).StatusCode);
    }

    [Theory]
    [InlineData(DemoPeople.Hr, HttpStatusCode.OK)]
    [InlineData(DemoPeople.CurrentLeader, HttpStatusCode.Forbidden)]
    [InlineData(DemoPeople.Employee, HttpStatusCode.Forbidden)]
    [InlineData(DemoPeople.Administrator, HttpStatusCode.Forbidden)]
    public async Task RoundPages_AreForHrOnly(string email, HttpStatusCode expected)
    {
        var client = shared.App.CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);
        var roundId = await shared.App.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());

        Assert.Equal(expected, (await client.GetAsync("/rounds")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/rounds/progress/{roundId}")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/rounds/open")).StatusCode);
    }
}
