using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Conversations;

public sealed class ExcuseTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/excuse";

    [Theory]
    [InlineData(DemoPeople.Hr)]
    [InlineData(DemoPeople.CurrentLeader)]
    public async Task HrOrTheLeader_ExcusesWithAReasonFromTheList(string email)
    {
        var client = await App.SignedInAsync(email);
        var choices = (await client.GetPageAsync(Url)).QuerySelectorAll("input[name=Reason][type=radio]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(Enum.GetNames<ExcuseReason>(), choices);
        Assert.Empty((await client.GetPageAsync(Url)).QuerySelectorAll("textarea"));

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = nameof(ExcuseReason.LongAbsence) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal((ConversationStatus.Excused, ExcuseReason.LongAbsence), (stored.Status, stored.ExcusedReason));
        Assert.Null((await (await App.SignedInAsync(DemoPeople.Employee)).GetPageAsync("/start/employee")).QuerySelector($"a[href='/conversations/{ConversationId}/preparation']"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Barselsorlov hele efteråret")]
    [InlineData("99")]
    public async Task WithoutAReasonFromTheList_Is400WithAMessage_AndNothingChanges(string reason)
    {
        var client = await App.SignedInAsync(DemoPeople.Hr);
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await client.PostFormAsync(Url, new Dictionary<string, string> { ["Reason"] = reason });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).QuerySelector(".alert-error li"));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
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
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await client.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Reason"] = nameof(ExcuseReason.Other) }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }
}
