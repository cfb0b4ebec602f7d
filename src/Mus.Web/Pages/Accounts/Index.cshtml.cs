using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Accounts;

/// <summary>
/// The IT administrator's list of sign-in accounts, where an account is disabled or enabled again.
/// Disabling ends the account's sessions at their next request.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(AppDbContext db, UserManager<AppUser> users, Infrastructure.Auth.SingleSignOn.SingleSignOnOptions singleSignOn, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, ILogger<IndexModel> logger) : PageModel
{
    public const int PageSize = 50;

    public enum State
    {
        Active,
        NoPassword,
        LockedOut,
        Disabled,
    }

    public sealed record AccountLine(string Id, string Email, string? Name, IReadOnlyList<string> Roles, State State, bool TwoFactor, bool IsMe);

    [BindProperty(SupportsGet = true)]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Accounts.Search")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    [Range(1, int.MaxValue, ErrorMessage = "Validation.ValueInvalid")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AccountLine> Accounts { get; private set; } = [];

    public int Matches { get; private set; }

    /// <summary>Whether the organisation's sign-in is configured: each account then links to its binding.</summary>
    public bool SingleSignOn => singleSignOn.Enabled;

    public async Task OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            return;
        }

        var accounts = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Query))
        {
            // E-mail addresses are matched on Identity's normalised (upper-case invariant) form.
            var query = Query.Trim().ToLower();
            var normalised = Query.Trim().ToUpperInvariant();
            accounts = accounts.Where(u => u.NormalizedEmail!.Contains(normalised) || u.Person!.Name.ToLower().Contains(query));
        }

        Matches = await accounts.CountAsync();
        var page = await accounts
            .OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(u => new { User = u, Name = u.Person!.Name })
            .ToListAsync();
        var ids = page.Select(a => a.User.Id).ToList();
        var roles = (await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where ids.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name })
            .ToListAsync())
            .ToLookup(r => r.UserId, r => r.Name!);

        var now = time.GetUtcNow();
        Accounts = page.Select(a => new AccountLine(a.User.Id, a.User.Email!, a.Name, roles[a.User.Id].Order().ToList(), StateOf(a.User, now), a.User.TwoFactorEnabled, a.User.Id == me.UserId)).ToList();
    }

    public Task<IActionResult> OnPostDisableAsync([FromQuery] string? id) => SetDisabledAsync(id, disabled: true);

    public Task<IActionResult> OnPostEnableAsync([FromQuery] string? id) => SetDisabledAsync(id, disabled: false);

    /// <summary>
    /// Each button asks for a state, not a toggle, so two administrators acting at once cannot undo
    /// each other unseen: the second is told the account already is as asked.
    /// </summary>
    private async Task<IActionResult> SetDisabledAsync(string? id, bool disabled)
    {
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == me.UserId)
        {
            TempData.Say(text["Accounts.NotYourself"].Value);
            return RedirectToPage(new { Query });
        }

        if (AccountStatus.IsDisabled(user) == disabled)
        {
            TempData.Say(text[disabled ? "Accounts.AlreadyDisabled" : "Accounts.AlreadyEnabled", user.Email!].Value);
            return RedirectToPage(new { Query });
        }

        // Closing gives the account a new security stamp, which ends its sessions at their next request.
        // Closed here, it stays closed until an administrator opens it: a directory's provisioning cannot.
        user.ClosedByAdministrator = disabled;
        var result = disabled ? await users.CloseAsync(user) : await users.OpenAsync(user);
        if (!result.Succeeded)
        {
            // The account changed in between (its concurrency stamp): show it as it is now.
            TempData.Say(text["Accounts.ChangedMeanwhile", user.Email!].Value);
            return RedirectToPage(new { Query });
        }

        logger.LogInformation("Account {AccountId} {Action} by {AdministratorId}", user.Id, disabled ? "disabled" : "enabled", me.UserId);
        TempData.Say(text[disabled ? "Accounts.Disabled" : "Accounts.Enabled", user.Email!].Value);
        return RedirectToPage(new { Query });
    }

    private static State StateOf(AppUser user, DateTimeOffset now) =>
        AccountStatus.IsDisabled(user) ? State.Disabled
        : user.LockoutEnd is { } end && end > now ? State.LockedOut
        : user.PasswordHash is null ? State.NoPassword
        : State.Active;
}
