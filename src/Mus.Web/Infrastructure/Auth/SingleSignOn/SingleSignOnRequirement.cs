namespace Mus.Web.Infrastructure.Auth.SingleSignOn;

/// <summary>
/// While this row exists, everyone signs in through the organisation's provider: a password signs in
/// only the break-glass administrator named here (for when the provider is down or misconfigured), and
/// no one else is sent a password-reset mail.
/// </summary>
public class SingleSignOnRequirement
{
    public const int OnlyId = 1;

    public int Id { get; set; } = OnlyId;

    /// <summary>The one account that may still sign in with a password; an administrator.</summary>
    public required string BreakGlassUserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RequiredAt { get; set; }

    public string? RequiredByUserId { get; set; }
}
