namespace Mus.Web.Pages.Guidance;

/// <summary>
/// The whole guidance for one role (<c>/guidance/employee</c>, <c>/guidance/leader</c>): what MUS is
/// and is not, then each phase with HR's note under it. Any signed-in person may read both; it
/// prints on plain paper without the page's header and menus.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public bool ForLeader { get; private set; }

    public OrganisationGuidance Notes { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync([FromRoute] string role)
    {
        if (role is not ("employee" or "leader"))
        {
            return NotFound();
        }

        ForLeader = role == "leader";
        Notes = await db.OrganisationGuidance.AsNoTracking().SingleOrDefaultAsync() ?? new();
        return Page();
    }
}
