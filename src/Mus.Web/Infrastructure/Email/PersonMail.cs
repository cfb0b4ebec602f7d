using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// A notice to one person about one conversation (an offer, an answer, a no-thanks), written in the
/// recipient's language and added to the outbox, to be saved with the caller's change.
/// </summary>
public sealed class PersonMail(AppDbContext db, PublicAddress publicAddress)
{
    /// <param name="write">Subject and body, called while the recipient's culture is the current one.</param>
    public async Task AddAsync(int personId, int roundId, string purpose, DateTimeOffset now, Func<(string Subject, string Body)> write)
    {
        var recipient = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Email, p.Language }).SingleAsync();
        var culture = LocalizationRegistration.CultureOf(recipient.Language);
        var mail = LocalizationRegistration.In(culture, () =>
        {
            var (subject, body) = write();
            return OutboxMail.Create(recipient.Email, subject, body, culture.TwoLetterISOLanguageName, purpose, now.UtcDateTime, publicAddress.BaseAddress.Host);
        });
        mail.RoundId = roundId;
        db.OutboxMails.Add(mail);
    }
}
