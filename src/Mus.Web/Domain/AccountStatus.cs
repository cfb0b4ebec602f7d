namespace Mus.Web.Domain;

/// <summary>
/// An account is disabled by a lockout without end (and a new security stamp, which ends its
/// sessions); a lockout after wrong passwords has an end.
/// </summary>
public static class AccountStatus
{
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public static bool IsDisabled(AppUser user) => user.LockoutEnd == DisabledUntil;
}
