using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Accounts;

/// <summary>
/// The IT administrator's page for signing in through the organisation: what is configured (and the
/// addresses to register at the provider), and whether everyone must sign in that way. Requiring it
/// names one break-glass administrator, the only account a password still signs in.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class SingleSignOnRequirementModel(AppDbContext db, UserManager<AppUser> users, SingleSignOnOptions options, PublicAddress publicAddress, SessionStamps sessions, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, ILogger<SingleSignOnRequirementModel> logger) : PageModel
{
    public sealed record Administrator(string Id, string Email, bool HasPassword, bool TwoFactor);

    public sealed record Requirement(DateTime RequiredAt, string? RequiredBy, Administrator? BreakGlass);

    public SingleSignOnOptions Settings => options;

    public string CallbackUrl => publicAddress.Url(SingleSignOnRegistration.CallbackPath);

    public string SignedOutCallbackUrl => publicAddress.Url(SingleSignOnRegistration.SignedOutCallbackPath);

    /// <summary>Null while passwords are allowed.</summary>
    public Requirement? Required { get; private set; }

    /// <summary>Open administrator accounts with a password: who can be named for break-glass.</summary>
    public IReadOnlyList<Administrator> Candidates { get; private set; } = [];

    [BindProperty]
    public string? BreakGlassUserId { get; set; }


    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>
    /// Requires the organisation's sign-in. Every other account gets a new security stamp, so sessions
    /// begun with a password end at their next request (sessions begun at the provider end too, and
    /// sign in again with one click).
    /// </summary>
    public async Task<IActionResult> OnPostRequireAsync()
    {
        if (!options.Enabled)
        {
            return NotFound();
        }

        if (await db.SingleSignOnRequirement.AnyAsync())
        {
            TempData.Say(text["SingleSignOn.Admin.AlreadyRequired"]);
            return RedirectToPage();
        }

        var candidate = (await CandidatesAsync()).SingleOrDefault(c => c.Id == BreakGlassUserId && c.HasPassword);
        if (candidate is null)
        {
            ModelState.AddModelError(nameof(BreakGlassUserId), text["SingleSignOn.Admin.ChooseBreakGlass"]);
            await LoadAsync();
            return Page();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.SingleSignOnRequirement.Add(new SingleSignOnRequirement { BreakGlassUserId = candidate.Id, RequiredAt = time.GetUtcNow().UtcDateTime, RequiredByUserId = me.UserId });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // Another administrator required it at the same moment: theirs stands.
                TempData.Say(text["SingleSignOn.Admin.AlreadyRequired"]);
                return RedirectToPage();
            }

            var stamp = Guid.NewGuid().ToString("N");
            await db.Users.Where(u => u.Id != candidate.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.SecurityStamp, u => stamp + u.Id).SetProperty(u => u.ConcurrencyStamp, u => stamp + u.Id));
            await sessions.AnnounceAsync(db, SessionStamps.Everyone);
            await transaction.CommitAsync();
        }

        logger.LogWarning("Single sign-on required by {AdministratorId}; break-glass account {BreakGlassId}", me.UserId, candidate.Id);
        TempData.Say(text["SingleSignOn.Admin.NowRequired", candidate.Email]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAllowPasswordsAsync()
    {
        if (await db.SingleSignOnRequirement.ExecuteDeleteAsync() == 0)
        {
            TempData.Say(text["SingleSignOn.Admin.AlreadyAllowed"]);
            return RedirectToPage();
        }

        logger.LogWarning("Single sign-on no longer required, by {AdministratorId}", me.UserId);
        TempData.Say(text["SingleSignOn.Admin.NowAllowed"]);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Candidates = await CandidatesAsync();
        var requirement = await db.SingleSignOnRequirement.AsNoTracking().SingleOrDefaultAsync();
        if (requirement is not null)
        {
            var breakGlass = await users.FindByIdAsync(requirement.BreakGlassUserId);
            var requiredBy = requirement.RequiredByUserId is null ? null : (await users.FindByIdAsync(requirement.RequiredByUserId))?.Email;
            Required = new Requirement(requirement.RequiredAt, requiredBy, breakGlass is null ? null : new Administrator(breakGlass.Id, breakGlass.Email!, breakGlass.PasswordHash is not null, breakGlass.TwoFactorEnabled));
        }
    }

    private async Task<IReadOnlyList<Administrator>> CandidatesAsync() =>
        (await users.GetUsersInRoleAsync(Roles.Administrator))
            .Where(u => !AccountStatus.IsDisabled(u))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new Administrator(u.Id, u.Email!, u.PasswordHash is not null, u.TwoFactorEnabled))
            .ToList();
}
