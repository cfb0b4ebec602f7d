using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Identity's sign-in with one change: every password check costs one password hash, whether the
/// account exists, has no password yet, is locked or is closed. The stock manager answers those
/// cases at once, which tells anyone with a stopwatch which addresses have accounts.
/// </summary>
public sealed class MusSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    IPasswordHasher<AppUser> hasher,
    SingleSignOn.SingleSignOnPolicy singleSignOn)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser Nobody = new() { Id = "nobody" };
    private static string? nobodysHash;

    /// <summary>Signs in by e-mail address; an unknown address costs the same hash as a known one.</summary>
    public async Task<SignInResult> PasswordSignInByEmailAsync(string email, string password)
    {
        var user = await UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            SpendOneHash(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        // The password first, so that a locked or closed account takes as long as an open one.
        var right = user.PasswordHash is null ? SpendOneHash(password) : await UserManager.CheckPasswordAsync(user, password);
        if (!right)
        {
            return SignInResult.Failed;
        }

        // Only someone who knows the password learns that the account is locked or closed.
        if (await PreSignInCheck(user) is { } refused)
        {
            return refused;
        }

        // Where the organisation's sign-in is required, a right password is refused (NotAllowed) for
        // everyone but the break-glass administrator; that, too, only someone who knows it learns.
        if (await singleSignOn.RefusesPasswordAsync(user.Id))
        {
            return SignInResult.NotAllowed;
        }

        // As Identity does: wrong authenticator codes keep counting until the second step succeeds.
        if (!await IsTwoFactorEnabledAsync(user))
        {
            await ResetLockout(user);
        }

        return SignInResult.Success;
    }

    /// <summary>
    /// Signs in an account the organisation's provider vouched for. MUS's own second step is not skipped:
    /// an account that switched it on is sent to it (and the session, once complete, still counts as one
    /// begun at the provider). Without it, the provider's ID token is kept for signing out there.
    /// </summary>
    public async Task<SignInResult> SignInThroughProviderAsync(AppUser user, Microsoft.AspNetCore.Authentication.AuthenticationProperties properties, string authenticationMethod)
    {
        if (await IsTwoFactorEnabledAsync(user) && (await UserManager.GetValidTwoFactorProvidersAsync(user)).Count > 0)
        {
            return await SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: authenticationMethod, bypassTwoFactor: false);
        }

        await SignInAsync(user, properties, authenticationMethod);
        return SignInResult.Success;
    }

    private bool SpendOneHash(string password)
    {
        nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        hasher.VerifyHashedPassword(Nobody, nobodysHash, password);
        return false;
    }
}
