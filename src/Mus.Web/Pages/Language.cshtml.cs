using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Account;

namespace Mus.Web.Pages;

/// <summary>The language switch in the header: a form post, so it works without JavaScript, before and after sign-in.</summary>
[AllowAnonymous]
public sealed class LanguageModel(IWebHostEnvironment environment) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = culture == LocalizationRegistration.English.Name ? LocalizationRegistration.English : LocalizationRegistration.Danish;
        Response.Cookies.Append(
            LocalizationRegistration.CultureCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, Secure = Request.IsHttps || !environment.IsDevelopment(), HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(SignInModel.SafeReturnUrl(returnUrl));
    }
}
