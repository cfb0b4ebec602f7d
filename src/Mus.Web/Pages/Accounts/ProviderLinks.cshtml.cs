using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Accounts;

/// <summary>
/// The administrator binds an account to a person at the organisation's provider (its issuer and the
/// person's subject), or removes the binding. The only way an administrator's or HR's account is bound:
/// a first sign-in binds employees and leaders by a verified address, never an account with a role.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ProviderLinksModel(AppDbContext db, UserManager<AppUser> users, SingleSignOnOptions options, CurrentUser me, IStringLocalizer<Text> text, ILogger<ProviderLinksModel> logger) : PageModel
{
    public const int SubjectMaxLength = 128;

    public string Email { get; private set; } = "";

    public IReadOnlyList<UserLoginInfo> Links { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(SubjectMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "ProviderLinks.Subject")]
    public string? Subject { get; set; }


    public async Task<IActionResult> OnGetAsync([FromRoute] string id) =>
        await FindAsync(id) is { } user ? await ShowAsync(user) : NotFound();

    public async Task<IActionResult> OnPostLinkAsync([FromRoute] string id)
    {
        if (await FindAsync(id) is not { } user)
        {
            return NotFound();
        }

        Subject = Subject?.Trim();
        if (!ModelState.IsValid || string.IsNullOrEmpty(Subject))
        {
            return await ShowAsync(user, refused: true);
        }

        if (await users.FindByLoginAsync(options.Issuer, Subject) is { } holder)
        {
            ModelState.AddModelError(nameof(Subject), text["ProviderLinks.TakenBy", holder.Email!]);
            return await ShowAsync(user, refused: true);
        }

        if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == options.Issuer))
        {
            ModelState.AddModelError(nameof(Subject), text["ProviderLinks.AlreadyLinked"]);
            return await ShowAsync(user, refused: true);
        }

        if (!(await users.AddLoginAsync(user, new UserLoginInfo(options.Issuer, Subject, SingleSignOnOptions.BoundByAdministrator))).Succeeded)
        {
            // Bound meanwhile from elsewhere (the login's key is unique): the page shows it as it is.
            TempData.Say(text["ProviderLinks.Gone"]);
            return RedirectToPage(new { id });
        }

        logger.LogInformation("Account {AccountId} bound to a subject at the organisation's provider by {AdministratorId}", user.Id, me.UserId);
        TempData.Say(text["ProviderLinks.Linked"]);
        return RedirectToPage(new { id });
    }

    /// <summary>Removes a binding; a new security stamp ends the sessions it began.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync([FromRoute] string id, [FromForm] string? provider, [FromForm] string? key)
    {
        if (await FindAsync(id) is not { } user)
        {
            return NotFound();
        }

        if (provider is null || key is null || !(await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == provider && l.ProviderKey == key))
        {
            TempData.Say(text["ProviderLinks.Gone"]);
            return RedirectToPage(new { id });
        }

        await users.RemoveLoginAsync(user, provider, key);
        logger.LogInformation("Account {AccountId} unbound from the organisation's provider by {AdministratorId}", user.Id, me.UserId);
        TempData.Say(text["ProviderLinks.Unlinked"]);
        return RedirectToPage(new { id });
    }

    private async Task<AppUser?> FindAsync(string id) =>
        options.Enabled && id.Length <= 64 ? await db.Users.SingleOrDefaultAsync(u => u.Id == id) : null;

    private async Task<IActionResult> ShowAsync(AppUser user, bool refused = false)
    {
        Email = user.Email!;
        Links = (await users.GetLoginsAsync(user)).OrderBy(l => l.LoginProvider, StringComparer.Ordinal).ToList();
        if (refused)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
