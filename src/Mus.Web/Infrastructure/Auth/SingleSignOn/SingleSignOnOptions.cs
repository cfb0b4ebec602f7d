namespace Mus.Web.Infrastructure.Auth.SingleSignOn;

/// <summary>
/// Sign-in through the organisation's OpenID provider (<c>SingleSignOn:</c> settings); without an
/// authority, people sign in with MUS's own passwords only.
/// </summary>
public sealed class SingleSignOnOptions : Mus.Web.Infrastructure.Settings.ISettings
{
    public const string Section = "SingleSignOn";
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0 (http only on loopback).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret; with PKCE a provider may also accept a public client without one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for, separated by spaces; "openid" is always among them.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>What the claim says: "Email" (the account's address) or "EmployeeNumber" (the person's number).</summary>
    public string MatchOn { get; set; } = EmailMatch;

    /// <summary>The claim of the ID token that carries it, e.g. "email", "preferred_username" or "employeeid".</summary>
    public string MatchClaim { get; set; } = "email";

    /// <summary>
    /// The claim that names the person for good at this provider: "sub" (OpenID Connect's subject), or
    /// Entra ID's "oid" (the same object id in every application of the tenant). An account is bound to
    /// the provider's issuer and this value at its first sign-in, and found by them afterwards.
    /// </summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>
    /// Whether an e-mail address may link an account at its first sign-in although the provider does not
    /// say it verified it (<c>email_verified</c> missing). Only for a provider whose addresses the
    /// organisation itself hands out (Entra ID sends no such claim). An explicit "false" is refused always.
    /// </summary>
    public bool TrustEmailWithoutVerifiedClaim { get; set; }

    /// <summary>The name people know the provider by, on the sign-in button ("Log ind med …").</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>How long to wait for the provider's discovery document and token endpoint.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Who bound an account to its subject, kept as the binding's display name: a role is only ever used through the administrator's.</summary>
    public const string BoundBySignIn = "sign-in";

    public const string BoundByAdministrator = "administrator";

    public const string EmailMatch = "Email";
    public const string EmployeeNumberMatch = "EmployeeNumber";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The issuer accounts are bound to: the authority without a closing slash, as providers write their "iss".</summary>
    public string Issuer => Normalise(Authority ?? "");

    public static string Normalise(string issuer) => issuer.Trim().TrimEnd('/');

    public bool MatchesEmployeeNumber => string.Equals(MatchOn, EmployeeNumberMatch, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses settings that cannot work, so that MUS stops at start with the setting's name.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            yield return "SingleSignOn:Authority must be the provider's https address (http only on loopback).";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "SingleSignOn:ClientId must be set when SingleSignOn:Authority is.";
        }

        if (!string.Equals(MatchOn, EmailMatch, StringComparison.OrdinalIgnoreCase) && !MatchesEmployeeNumber)
        {
            yield return $"SingleSignOn:MatchOn must be '{EmailMatch}' or '{EmployeeNumberMatch}'.";
        }

        if (string.IsNullOrWhiteSpace(MatchClaim))
        {
            yield return "SingleSignOn:MatchClaim must name the claim that carries the e-mail address or employee number.";
        }

        if (string.IsNullOrWhiteSpace(SubjectClaim))
        {
            yield return "SingleSignOn:SubjectClaim must name the claim that identifies a person for good (\"sub\", or Entra ID's \"oid\").";
        }

        if (TimeoutSeconds is < 1 or > 120)
        {
            yield return "SingleSignOn:TimeoutSeconds must be between 1 and 120.";
        }
    }
}
