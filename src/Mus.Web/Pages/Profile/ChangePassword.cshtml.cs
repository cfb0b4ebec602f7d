using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Profile;

/// <summary>Changes the signed-in account's password, given the current one; posts count against the sign-in pages' per-client limit.</summary>
[Authorize(Policy = Policies.SignedIn)]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class ChangePasswordModel(UserManager<AppUser> userManager, SignInManager<AppUser> signInManager, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.CurrentPassword")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Validation.PasswordLength")]
        [DataType(DataType.Password)]
        [Display(Name = "Field.NewPassword")]
        public string NewPassword { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "Validation.PasswordsDiffer")]
        [Display(Name = "Field.ConfirmPassword")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await userManager.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, text[result.Errors.Any(e => e.Code == "PasswordMismatch") ? "ChangePassword.WrongCurrent" : "ChangePassword.Weak"]);
            return Page();
        }

        // A new cookie with the new security stamp; sessions elsewhere end at their next validation.
        await signInManager.RefreshSignInAsync(user);
        TempData.Say(text["ChangePassword.Done"].Value);
        return RedirectToPage("Index");
    }
}
