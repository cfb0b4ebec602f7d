using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.SignIn;

/// <summary>
/// Sign-out is a POST (with the antiforgery token), so no link or image on another site can end a
/// session. It ends the user's sessions everywhere, and, for a session begun at the organisation's
/// provider, the provider's session too.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<AppUser> signInManager, UserManager<AppUser> userManager, SingleSignOnOptions singleSignOn, IStringLocalizer<Text> text, ILogger<SignOutModel> logger) : PageModel
{

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var atProvider = singleSignOn.Enabled && User.FindFirstValue(ClaimTypes.AuthenticationMethod) == SingleSignOnModel.AuthenticationMethod;

        // A new security stamp makes every copy of this user's cookie worthless, not only this browser's.
        if (await userManager.GetUserAsync(User) is { } user)
        {
            await userManager.UpdateSecurityStampAsync(user);
        }

        await signInManager.SignOutAsync();
        TempData.Say(text["SignOut.Done"]);
        if (!atProvider)
        {
            return RedirectToPage("Index");
        }

        try
        {
            // The handler sends the ID token kept in this request's cookie as the provider's hint of
            // whose session to end (SignOutScheme is MUS's cookie).
            await HttpContext.SignOutAsync(SingleSignOnOptions.Scheme, new AuthenticationProperties { RedirectUri = Url.Page("Index") });
            return new EmptyResult();
        }
        catch (Exception unreachable) when (!HttpContext.RequestAborted.IsCancellationRequested && !Response.HasStarted)
        {
            // Signed out of MUS all the same; the person is told the provider's session may live on.
            logger.LogWarning(unreachable, "The organisation's sign-in could not be reached to sign out there");
            TempData.Say(text["SingleSignOn.SignOutUnreachable"]);
            return RedirectToPage("Index");
        }
    }
}
