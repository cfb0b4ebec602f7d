using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Mus.Web.Infrastructure.Auth.SingleSignOn;

namespace Mus.Web.Pages.SignIn;

[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class IndexModel(MusSignInManager signInManager, SignInGuard guard, SingleSignOnOptions singleSignOn, AppDbContext db, IStringLocalizer<Text> text, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }


    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.Password")]
        public string Password { get; set; } = "";
    }

    /// <summary>The organisation's sign-in is offered (its button shown).</summary>
    public bool OffersSingleSignOn => singleSignOn.Enabled;

    /// <summary>The provider's name on the button; empty for the general wording.</summary>
    public string ProviderName => singleSignOn.DisplayName;

    /// <summary>Only the break-glass administrator may use a password; the form is tucked away for them.</summary>
    public bool RequiresSingleSignOn { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // A new session starts clean: whatever cookie came in is dropped before signing in.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var email = Input.Email.Trim();
        var client = HttpContext.Connection.RemoteIpAddress;
        if (await guard.WaitAsync(email, client) is { } wait)
        {
            ModelState.AddModelError(string.Empty, text["SignIn.Wait", (int)Math.Ceiling(wait.TotalMinutes)]);
            return Page();
        }

        var result = await signInManager.PasswordSignInByEmailAsync(email, Input.Password);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            await guard.SucceededAsync(email, client);
            return result.Succeeded ? LocalRedirect(SafeReturnUrl(ReturnUrl)) : RedirectToPage("TwoFactor", new { ReturnUrl = SafeReturnUrl(ReturnUrl) });
        }

        // Locked, closed or password not allowed is said only to someone who gave the right password.
        if (result.IsNotAllowed)
        {
            logger.LogWarning("Sign-in refused: a password was used where the organisation's sign-in is required");
            ModelState.AddModelError(string.Empty, text["SingleSignOn.PasswordNotAllowed"]);
            return Page();
        }

        if (result.IsLockedOut)
        {
            var closed = await signInManager.UserManager.FindByEmailAsync(email) is { } user && AccountStatus.IsDisabled(user);
            logger.LogWarning("Sign-in refused: account {Reason}", closed ? "closed" : "locked out");
            ModelState.AddModelError(string.Empty, text[closed ? "SignIn.Disabled" : "SignIn.LockedOut"]);
            return Page();
        }

        await guard.FailedAsync(email, client);
        ModelState.AddModelError(string.Empty, text["SignIn.Failed"]);
        return Page();
    }

    private async Task LoadAsync() =>
        RequiresSingleSignOn = singleSignOn.Enabled && await db.SingleSignOnRequirement.AnyAsync();

    /// <summary>
    /// Only paths on this site; anything else (another host, "//evil", "/\\evil", a control character
    /// such as a tab that browsers drop to make "/\t/evil" into "//evil") goes to the start page.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && returnUrl[0] == '/'
        && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
        && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
