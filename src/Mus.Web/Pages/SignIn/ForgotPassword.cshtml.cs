using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.RateLimiting;

namespace Mus.Web.Pages.SignIn;

/// <summary>
/// Sends a link for choosing a new password. It is also how a newly imported person sets their
/// first one. The page answers the same, in the same time, whether or not the address is known:
/// the mail is sent from a queue (<see cref="PasswordResetMailer"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class ForgotPasswordModel(PasswordResetMailer mailer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";
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

        mailer.Queue(Input.Email.Trim());
        Sent = true;
        return Page();
    }
}
