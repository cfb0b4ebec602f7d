using Microsoft.AspNetCore.Identity;

namespace Mus.Web.Pages.Profile;

/// <summary>What the organisation has recorded about me, and my sign-in settings.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(AppDbContext db, UserManager<AppUser> userManager, CurrentUser me) : PageModel
{
    public sealed record View(string EmployeeNumber, string Name, string Email, string? JobTitle, string? JobGroup, string Unit, string? Leader, DateOnly? EmploymentStart);

    public View? Person { get; private set; }

    public string AccountEmail { get; private set; } = "";

    public bool TwoFactorEnabled { get; private set; }


    public async Task<IActionResult> OnGetAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        AccountEmail = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        Person = await db.People.AsNoTracking()
            .Where(p => p.Id == me.PersonId)
            .Select(p => new View(p.EmployeeNumber, p.Name, p.Email, p.JobTitle, p.JobGroup!.Name, p.OrgUnit!.Name, p.Leader!.Name, p.EmploymentStart))
            .SingleOrDefaultAsync();
        return Page();
    }
}
