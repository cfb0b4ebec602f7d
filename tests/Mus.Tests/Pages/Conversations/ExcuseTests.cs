using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Conversations;

public sealed class ExcuseTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/excuse";

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.CurrentLeader)]
    public async Task HrOrTheLeader_ExcusesWithAReason(string email)
    {
        var client = await App.SignedInAsync(email);

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = "Barselsorlov hele efteråret" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal((ConversationStatus.Excused, "Barselsorlov hele efteråret"), (stored.Status, stored.ExcusedReason));
        Assert.Null((await (await App.SignedInAsync(DemoPeople.Employee)).GetPageAsync("/start/employee")).QuerySelector($"a[href='/preparation/{ConversationId}']"));
    }

    [Fact]
    public async Task WithoutAReason_Is400_AndNothingChanges()
    {
        var client = await App.SignedInAsync(DemoPeople.Hr);

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ConversationStatus.Preparing, await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.Status).SingleAsync()));
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.Administrator)]
    public async Task AnyoneElse_Gets404_AndNothingChanges(string email)
    {
        var client = await App.SignedInAsync(email);
        var token = (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Reason"] = "fordi" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ConversationStatus.Preparing, await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.Status).SingleAsync()));
    }
}
