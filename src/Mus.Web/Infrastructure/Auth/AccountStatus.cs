using Microsoft.AspNetCore.Identity;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// An account is closed by a lockout without end and a new security stamp, which ends its sessions
/// at their next request; a lockout after wrong passwords has an end.
/// </summary>
public static class AccountStatus
{
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public static bool IsDisabled(AppUser user) => user.LockoutEnd == DisabledUntil;

    /// <summary>Closes the account; fails if it changed in between (its concurrency stamp), and the caller shows it as it is now.</summary>
    public static async Task<IdentityResult> CloseAsync(this UserManager<AppUser> users, AppUser user)
    {
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DisabledUntil);
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    /// <summary>Opens a closed account again, with a clean count of failed attempts.</summary>
    public static async Task<IdentityResult> OpenAsync(this UserManager<AppUser> users, AppUser user)
    {
        var result = await users.SetLockoutEndDateAsync(user, null);
        return result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result;
    }
}
