using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// The address in a reminder mail's List-Unsubscribe header (RFC 8058): the person's id sealed with
/// Data Protection for <see cref="Lifetime"/>, so the button works without signing in, cannot be made
/// for another person, and says nothing to whoever reads it. It can only turn reminder mails off.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, PublicAddress publicAddress, TimeProvider time)
{
    /// <summary>Long enough for a digest read weeks later; a person can always choose again on their profile.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Mus.Unsubscribe.Reminders").ToTimeLimitedDataProtector();

    public string Link(int personId) =>
        publicAddress.Page("/Unsubscribe/Index", new { token = protector.Protect(personId.ToString(System.Globalization.CultureInfo.InvariantCulture), time.GetUtcNow() + Lifetime) });

    /// <summary>The person a link names, or null for a link that is altered, expired or not ours.</summary>
    public int? PersonOf(string token)
    {
        // Only the link as written (base64url, no padding): the decoder would also take a padded or
        // otherwise altered copy of it, and one link should be one address.
        if (token.Length > 1000 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        try
        {
            return int.TryParse(protector.Unprotect(token, out var expires), System.Globalization.CultureInfo.InvariantCulture, out var id) && expires > time.GetUtcNow() ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
