using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Identity's store with two secrets kept safe at rest: the authenticator key is sealed under the
/// key-encryption key (as conversation content is), and recovery codes are stored as hashes only,
/// so a copy of the database neither makes codes nor holds a code that still works.
/// </summary>
public sealed class MusUserStore(AppDbContext context, CompartmentCipher cipher, SessionStamps sessions, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    // The names Identity's own store uses for these tokens.
    private const string Provider = "[AspNetUserStore]";
    private const string AuthenticatorKey = "AuthenticatorKey";
    private const string RecoveryCodes = "RecoveryCodes";

    /// <summary>Every instance forgets what it knew of a changed account (its security stamp above all).</summary>
    public override async Task<IdentityResult> UpdateAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var result = await base.UpdateAsync(user, cancellationToken);
        if (result.Succeeded)
        {
            await sessions.AnnounceAsync(Context, user.Id);
        }

        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var result = await base.DeleteAsync(user, cancellationToken);
        if (result.Succeeded)
        {
            await sessions.AnnounceAsync(Context, user.Id);
        }

        return result;
    }

    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, AuthenticatorKey, cipher.SealSecret(key, KeyContext(user)), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken) =>
        cipher.OpenSecret(await GetTokenAsync(user, Provider, AuthenticatorKey, cancellationToken), KeyContext(user));

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, RecoveryCodes, string.Join(';', recoveryCodes.Select(code => Hash(user, code))), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        var hashes = (await GetTokenAsync(user, Provider, RecoveryCodes, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!hashes.Remove(Hash(user, code)))
        {
            return false;
        }

        // Saved with the account's concurrency stamp: the same code redeemed twice at once succeeds once.
        await SetTokenAsync(user, Provider, RecoveryCodes, string.Join(';', hashes), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken) =>
        (await GetTokenAsync(user, Provider, RecoveryCodes, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Codes are typed by hand: spaces and case do not matter.</summary>
    public static string Normalise(string code) => code.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static string KeyContext(AppUser user) => $"authenticator/{user.Id}";

    // Recovery codes are random (about 50 bits) and tried at a limited rate: a salted SHA-256 is enough.
    private static string Hash(AppUser user, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"mus/recovery/{user.Id}/{Normalise(code)}")));
}
