using Microsoft.AspNetCore.Localization;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.SignIn;

namespace Mus.Web.Pages;

/// <summary>The language switch in the header: a form post, so it works without JavaScript, before and after sign-in.</summary>
[AllowAnonymous]
public sealed class LanguageModel(IWebHostEnvironment environment, AppDbContext db, CurrentUser me) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        var chosen = culture == LocalizationRegistration.English.Name ? LocalizationRegistration.English : LocalizationRegistration.Danish;
        // Signed in, the choice is also the language of the person's mails.
        if (me.PersonId is { } personId)
        {
            var language = chosen == LocalizationRegistration.English ? Person.EnglishLanguage : Person.DanishLanguage;
            await db.People.Where(p => p.Id == personId && p.Language != language).ExecuteUpdateAsync(set => set.SetProperty(p => p.Language, language));
        }

        Response.Cookies.Append(
            LocalizationRegistration.CultureCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, Secure = Request.IsHttps || !environment.IsDevelopment(), HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(Mus.Web.Pages.SignIn.IndexModel.SafeReturnUrl(returnUrl));
    }
}
