using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Authenticator-app codes (TOTP, RFC 6238: 30-second steps, six digits, one step either side for
/// a clock that is a little off) that are accepted once: the step of the last accepted code is
/// stored, and a code of that step or an earlier one is refused (ASVS 6.5.1). Checking and recording
/// are one statement, so a code sent to two sessions at once signs in only one of them.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(AppDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "SingleUseAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The codes come from the person's app, never from us.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }

        // A new concurrency stamp too, so that a copy of the account loaded before this cannot be saved over the step.
        var stamp = Guid.NewGuid().ToString();
        var accepted = await db.Users
            .Where(u => u.Id == user.Id && (u.LastAuthenticatorTimeStep == null || u.LastAuthenticatorTimeStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastAuthenticatorTimeStep, step).SetProperty(u => u.ConcurrencyStamp, stamp)) == 1;
        if (accepted)
        {
            // The account object of this request is brought up to date as if it had been loaded now,
            // so Identity's next save of it (a reset count of failures) is not taken for a conflict.
            var entry = db.Entry(user);
            (user.LastAuthenticatorTimeStep, user.ConcurrencyStamp) = (step, stamp);
            if (entry.State != EntityState.Detached)
            {
                entry.Property(u => u.LastAuthenticatorTimeStep).OriginalValue = step;
                entry.Property(u => u.ConcurrencyStamp).OriginalValue = stamp;
            }
        }

        return accepted;
    }
}
