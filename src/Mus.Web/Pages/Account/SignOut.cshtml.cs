using Microsoft.AspNetCore.Identity;

namespace Mus.Web.Pages.Account;

/// <summary>
/// Sign-out is a POST (with the antiforgery token), so no link or image on another site can end a
/// session. It ends the user's sessions everywhere.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<AppUser> signInManager, UserManager<AppUser> userManager) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp makes every copy of this user's cookie worthless, not only this browser's.
        if (await userManager.GetUserAsync(User) is { } user)
        {
            await userManager.UpdateSecurityStampAsync(user);
        }

        await signInManager.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}
