using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// The one way an account's e-mail address (its sign-in name) is set or changed, by SCIM, HR's person
/// page or the import. A change gives the account a new security stamp, which ends its sessions and
/// voids the password-reset links already sent, and tells the old address (the owner may learn no other
/// way that their account was moved elsewhere). It is added to the caller's unit of work; after saving,
/// the caller announces the changed accounts (<see cref="SessionStamps.AnnounceAsync"/>).
/// </summary>
public sealed class AccountAddress(AppDbContext db, ILookupNormalizer normalizer, PublicAddress publicAddress, IStringLocalizer<Text> text, TimeProvider time)
{
    public const string ChangedPurpose = "email-changed";

    /// <summary>A new account's address: nothing to end or tell yet.</summary>
    public static void Set(AppUser account, string email, ILookupNormalizer normalizer)
    {
        account.UserName = account.Email = email;
        account.NormalizedUserName = account.NormalizedEmail = normalizer.NormalizeEmail(email);
    }

    /// <summary>Moves an existing account to <paramref name="email"/>; false when it is already there.</summary>
    /// <param name="language">The owner's language, for the mail to the old address.</param>
    public bool Change(AppUser account, string email, string language)
    {
        if (string.Equals(account.Email, email, StringComparison.Ordinal))
        {
            return false;
        }

        var old = account.Email;
        Set(account, email, normalizer);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        if (!string.IsNullOrEmpty(old))
        {
            var culture = LocalizationRegistration.CultureOf(language);
            db.OutboxMails.Add(LocalizationRegistration.In(culture, () => OutboxMail.Create(
                old, text["AccountEmail.Subject"], text["AccountEmail.Body", publicAddress.BaseAddress.ToString()],
                culture.TwoLetterISOLanguageName, ChangedPurpose, time.GetUtcNow().UtcDateTime, publicAddress.BaseAddress.Host)));
        }

        return true;
    }
}
