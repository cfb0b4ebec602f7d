using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Mus.Web.Domain;

namespace Mus.Web.Pages.Account;

/// <summary>Sign-out is a POST (with the antiforgery token), so no link or image on another site can end a session.</summary>
public sealed class SignOutModel(SignInManager<AppUser> signInManager) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signInManager.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}
