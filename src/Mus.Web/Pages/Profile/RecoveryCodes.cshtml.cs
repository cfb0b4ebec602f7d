using Microsoft.AspNetCore.Identity;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// Recovery codes for two-step sign-in: shown once, right after they are made (they are stored as
/// hashes only), and made anew on request, which ends the old ones.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class RecoveryCodesModel(UserManager<AppUser> userManager, IStringLocalizer<Text> text) : PageModel
{
    public const int Count = 10;

    /// <summary>The new codes, carried once from the post that made them.</summary>
    [TempData]
    public string? NewCodes { get; set; }


    public bool TwoFactorEnabled { get; private set; }

    public int Remaining { get; private set; }

    public IReadOnlyList<string> Codes => NewCodes?.Split(';') ?? [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        TwoFactorEnabled = user.TwoFactorEnabled;
        Remaining = await userManager.CountRecoveryCodesAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            TempData.Say(text["Recovery.NeedsTwoFactor"].Value);
            return RedirectToPage("TwoFactor");
        }

        NewCodes = await MakeAsync(userManager, user);
        return RedirectToPage();
    }

    /// <summary>New codes for <paramref name="user"/>, in the form <see cref="NewCodes"/> carries them.</summary>
    public static async Task<string> MakeAsync(UserManager<AppUser> users, AppUser user) =>
        string.Join(';', await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Count) ?? []);
}
