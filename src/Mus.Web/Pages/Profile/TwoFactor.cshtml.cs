using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// Turns sign-in with an authenticator app (TOTP) on or off for the signed-in account. Turning it off asks
/// for the password or a current code again: a session left open (or stolen) must not be enough to take
/// the second step away. Posts count against the sign-in pages' per-client limit.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class TwoFactorModel(UserManager<AppUser> userManager, SignInManager<AppUser> signInManager, IStringLocalizer<Text> text) : PageModel
{
    public bool Enabled { get; private set; }

    /// <summary>The shared key in groups of four, for typing into an app by hand.</summary>
    public string SharedKey { get; private set; } = "";

    /// <summary>The otpauth address that authenticator apps accept (pasted, or as a QR code made by another tool).</summary>
    public string AuthenticatorUri { get; private set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "TwoFactor.CodeFormat")]
    [Display(Name = "Field.AuthenticatorCode")]
    public string Code { get; set; } = "";

    /// <summary>The password, or a code from the app, given again to turn the second step off.</summary>
    [BindProperty]
    [Display(Name = "TwoFactor.Confirm")]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        var valid = await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError(nameof(Code), text["TwoFactor.WrongCode"]);
            await LoadAsync(user);
            return Page();
        }

        await userManager.SetTwoFactorEnabledAsync(user, true);
        await signInManager.RefreshSignInAsync(user);
        TempData.Say(text["TwoFactor.Enabled"].Value);
        TempData[nameof(RecoveryCodesModel.NewCodes)] = await RecoveryCodesModel.MakeAsync(userManager, user);
        return RedirectToPage("RecoveryCodes");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var given = Confirmation?.Trim() ?? "";
        var confirmed = given.Length > 0 && (await userManager.CheckPasswordAsync(user, given)
            || (given.Replace(" ", "", StringComparison.Ordinal) is { Length: 6 } code && code.All(char.IsAsciiDigit)
                && await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, code)));
        if (!confirmed)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(Confirmation), text["TwoFactor.NotConfirmed"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            // A refused post changes nothing, not even by making the key a first visit would make.
            await LoadAsync(user, makeMissingKey: false);
            return Page();
        }

        await userManager.SetTwoFactorEnabledAsync(user, false);
        await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        // A new key, so an app that held the old one cannot be switched back on unnoticed.
        await userManager.ResetAuthenticatorKeyAsync(user);
        await signInManager.RefreshSignInAsync(user);
        TempData.Say(text["TwoFactor.Disabled"].Value);
        return RedirectToPage("Index");
    }

    private async Task LoadAsync(AppUser user, bool makeMissingKey = true)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return;
        }

        var key = await userManager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            if (!makeMissingKey)
            {
                return;
            }

            await userManager.ResetAuthenticatorKeyAsync(user);
            // A new key also renews the security stamp, which would end this very session at its next request.
            await signInManager.RefreshSignInAsync(user);
            key = await userManager.GetAuthenticatorKeyAsync(user) ?? "";
        }

        SharedKey = string.Join(' ', key.Chunk(4).Select(chunk => new string(chunk))).ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("MUS")}:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=MUS&digits=6";
    }
}
