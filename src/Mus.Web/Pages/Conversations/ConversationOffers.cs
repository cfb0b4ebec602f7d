using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// What an offer of a senior or leader-talent conversation needs around the domain rules: whether
/// preparation has begun, the template the offered kind uses, and the mails (the offer to the
/// employee, the answer to the leader), saved with the caller's change.
/// </summary>
public sealed class ConversationOffers(AppDbContext db, PublicAddress publicAddress, PersonMail mail, IStringLocalizer<Text> text)
{
    /// <summary>The built-in template each kind uses (its newest published version).</summary>
    public static string TemplateKey(ConversationOffer offer) => offer == ConversationOffer.Senior ? "senior" : "leader-talent";

    /// <summary>Either of them has saved something in their preparation.</summary>
    public Task<bool> PreparationBegunAsync(int conversationId) => db.ConversationParts.AnyAsync(p =>
        p.ConversationId == conversationId && (p.Kind == PartKind.EmployeePreparation || p.Kind == PartKind.LeaderPreparation));

    public Task<int> TemplateVersionAsync(ConversationOffer offer) => db.TemplateVersions
        .Where(v => v.Template!.BuiltInKey == TemplateKey(offer) && v.PublishedAt != null)
        .OrderByDescending(v => v.Number)
        .Select(v => v.Id)
        .FirstAsync();

    /// <summary>The employee hears of the offer, with the link to answer it.</summary>
    public Task AddOfferMailAsync(Conversation conversation, DateTimeOffset now) =>
        mail.AddAsync(conversation.EmployeeId, conversation.RoundId, "offer", now, () => (
            text["Mail.Offer.Subject", text["Offer.Kind." + conversation.Offer]].Value,
            text["Mail.Offer.Body", conversation.Leader!.Name, text["Offer.Kind." + conversation.Offer], publicAddress.Page("/Conversations/Participation", new { id = conversation.Id })].Value));

    /// <summary>The leader hears the answer.</summary>
    public Task AddAnswerMailAsync(Conversation conversation, DateTimeOffset now) =>
        mail.AddAsync(conversation.LeaderId, conversation.RoundId, "offer-answered", now, () => (
            text[conversation.OfferAnswer == OfferAnswer.Accepted ? "Mail.OfferAccepted.Subject" : "Mail.OfferDeclined.Subject", conversation.Employee!.Name, text["Offer.Kind." + conversation.Offer]].Value,
            text[conversation.OfferAnswer == OfferAnswer.Accepted ? "Mail.OfferAccepted.Body" : "Mail.OfferDeclined.Body", conversation.Employee!.Name, text["Offer.Kind." + conversation.Offer], publicAddress.Page("/Start/Leader")].Value));
}
