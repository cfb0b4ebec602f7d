namespace Mus.Web.Infrastructure.Auth.SingleSignOn;

/// <summary>Whether a password may sign an account in, now that the organisation may require its own sign-in.</summary>
public sealed class SingleSignOnPolicy(AppDbContext db, SingleSignOnOptions options)
{
    /// <summary>
    /// True when single sign-on is configured and required, and the account is not the break-glass
    /// administrator. Without the provider's settings the requirement is void: nobody is shut out.
    /// </summary>
    public async Task<bool> RefusesPasswordAsync(string userId) =>
        options.Enabled && await db.SingleSignOnRequirement.AnyAsync(r => r.BreakGlassUserId != userId);
}
