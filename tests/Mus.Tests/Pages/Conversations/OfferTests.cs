using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;

namespace Mus.Tests.Pages.Conversations;

/// <summary>Karsten offers Ida a senior conversation instead of the round's; she answers, and a yes changes the questions (seed 004).</summary>
public sealed class OfferTests : IdasConversationTest
{
    private string OfferUrl => $"/conversations/{ConversationId}/offer";

    private string AnswerUrl => $"/conversations/{ConversationId}/participation";

    private Task<Conversation> StoredAsync() => App.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == ConversationId));

    private Task<int> BuiltInAsync(string key) => App.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == key).Select(v => v.Id).SingleAsync());

    [Fact]
    public async Task ASeniorConversation_Offered_AndAccepted_ChangesTheQuestions_AndBothAreTold()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var before = await StoredAsync();
        Assert.NotEqual(await BuiltInAsync("senior"), before.TemplateVersionId);
        Assert.Null(before.Offer);

        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(OfferUrl, new Dictionary<string, string> { ["Kind"] = nameof(ConversationOffer.Senior) })).StatusCode);

        var offered = await StoredAsync();
        Assert.Equal((ConversationOffer.Senior, OfferAnswer.Waiting, before.TemplateVersionId), (offered.Offer!.Value, offered.OfferAnswer!.Value, offered.TemplateVersionId));
        var toIda = await MailFolder.DeliveredAsync(App, DemoPeople.Employee, "offer");
        Assert.Equal("Tilbud om en seniorsamtale", toIda.Subject);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{ConversationId}/participation", toIda.TextBody, StringComparison.Ordinal);
        Assert.Contains("seniorsamtale", (await ida.GetPageAsync("/start/employee")).QuerySelector(".alert-info")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(AnswerUrl, new Dictionary<string, string>(), formAction: "handler=AcceptOffer")).StatusCode);

        var accepted = await StoredAsync();
        Assert.Equal((OfferAnswer.Accepted, await BuiltInAsync("senior")), (accepted.OfferAnswer!.Value, accepted.TemplateVersionId));
        Assert.Equal("Ida Brandt siger ja til en seniorsamtale", await App.WithDbAsync(db => db.OutboxMails.Where(m => m.To == DemoPeople.CurrentLeader && m.Purpose == "offer-answered").Select(m => m.Subject).SingleAsync()));
        Assert.Contains("Hvordan ser du dine sidste år på arbejdsmarkedet for dig?", (await ida.GetPageAsync($"/conversations/{ConversationId}/preparation")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // Accepted, it cannot be taken back by the leader (the page has no button for it; a crafted post is refused).
        Assert.Null((await karsten.GetPageAsync(OfferUrl)).QuerySelector("form[action*='handler=Withdraw']"));
        var token = (await karsten.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var withdraw = await karsten.PostAsync(OfferUrl + "?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.BadRequest, withdraw.StatusCode);
        Assert.Equal(await BuiltInAsync("senior"), (await StoredAsync()).TemplateVersionId);
    }

    [Fact]
    public async Task DeclinedByTheEmployee_TheOrdinaryQuestionsStay()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var template = (await StoredAsync()).TemplateVersionId;
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(OfferUrl, new Dictionary<string, string> { ["Kind"] = nameof(ConversationOffer.LeaderTalent) })).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync(AnswerUrl, new Dictionary<string, string>(), formAction: "handler=DeclineOffer")).StatusCode);

        var stored = await StoredAsync();
        Assert.Equal((ConversationOffer.LeaderTalent, OfferAnswer.Declined, template), (stored.Offer!.Value, stored.OfferAnswer!.Value, stored.TemplateVersionId));
        Assert.Equal("Ida Brandt takker nej til en ledertalentsamtale", await App.WithDbAsync(db => db.OutboxMails.Where(m => m.To == DemoPeople.CurrentLeader && m.Purpose == "offer-answered").Select(m => m.Subject).SingleAsync()));
    }

    [Fact]
    public async Task OncePreparationHasBegun_AnOfferIsRefusedWithAMessage_AndNothingChanges()
    {
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Målerne" }, formAction: "handler=Save")).StatusCode);
        Assert.Contains("begyndt at forberede", (await karsten.GetPageAsync(OfferUrl)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var token = (await karsten.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await DatabaseFingerprint.TakeAsync(App);

        var response = await karsten.PostAsync(OfferUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Kind"] = nameof(ConversationOffer.Senior) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("begyndt at forberede", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(App)));
    }
}
