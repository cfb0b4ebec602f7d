using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Conversations;

public sealed class ExcuseTests : IAsyncLifetime
{
    private MusApp app = null!;
    private int conversationId;

    public async ValueTask InitializeAsync()
    {
        app = await MusApp.StartAsync();
        conversationId = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber).Select(c => c.Id).SingleAsync());
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private string Url => $"/conversations/{conversationId}/excuse";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);
        return client;
    }

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.CurrentLeader)]
    public async Task HrOrTheLeader_ExcusesWithAReason(string email)
    {
        var client = await SignedInAsync(email);

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = "Barselsorlov hele efteråret" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == conversationId));
        Assert.Equal((ConversationStatus.Excused, "Barselsorlov hele efteråret"), (stored.Status, stored.ExcusedReason));
        Assert.Null((await (await SignedInAsync(DemoPeople.Employee)).GetPageAsync("/start/employee")).QuerySelector($"a[href='/preparation/{conversationId}']"));
    }

    [Fact]
    public async Task WithoutAReason_Is400_AndNothingChanges()
    {
        var client = await SignedInAsync(DemoPeople.Hr);

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ConversationStatus.Preparing, await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Status).SingleAsync()));
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task AnyoneElse_Gets404_AndNothingChanges(string email)
    {
        var client = await SignedInAsync(email);
        var token = (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Reason"] = "fordi" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ConversationStatus.Preparing, await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Status).SingleAsync()));
    }
}
