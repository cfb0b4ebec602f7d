using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Mus.Web.Pages.SignIn;

/// <summary>The second step with a recovery code, for someone without their authenticator app. Each code works once.</summary>
[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class RecoveryCodeModel(SignInManager<AppUser> signInManager, IStringLocalizer<Text> text, ILogger<RecoveryCodeModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(40, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.RecoveryCode")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signInManager.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(MusUserStore.Normalise(Input.Code));
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with a recovery code", user.Id);
            return LocalRedirect(IndexModel.SafeReturnUrl(ReturnUrl));
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut ? text["SignIn.LockedOut"] : text["Recovery.WrongCode"]);
        return Page();
    }
}
