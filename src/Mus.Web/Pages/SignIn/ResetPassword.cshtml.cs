using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.SignIn;

[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class ResetPasswordModel(UserManager<AppUser> userManager, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();


    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Validation.PasswordLength")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.NewPassword")]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "Validation.PasswordsDiffer")]
        [Display(Name = "Field.ConfirmPassword")]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";
    }

    public IActionResult OnGet(string? code, string? email)
    {
        if (string.IsNullOrEmpty(code))
        {
            return RedirectToPage("ForgotPassword");
        }

        Input = new InputModel { Code = code, Email = email ?? "" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await userManager.FindByEmailAsync(Input.Email.Trim());
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Input.Code));
        }
        catch (FormatException)
        {
            token = "";
        }

        var result = user is null
            ? IdentityResult.Failed()
            : await userManager.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, text["Reset.Failed"]);
            return Page();
        }

        // Proving the mailbox lifts a lockout after wrong passwords (as the sign-in page promises),
        // never the closing of an account by an administrator.
        if (!AccountStatus.IsDisabled(user!))
        {
            await userManager.SetLockoutEndDateAsync(user!, null);
            await userManager.ResetAccessFailedCountAsync(user!);
        }

        TempData.Say(text["Reset.Done"]);
        return RedirectToPage("Index");
    }
}
