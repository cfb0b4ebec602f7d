namespace Mus.Web.Pages.Profile;

/// <summary>The person chooses reminders as they fall due or one weekly digest on Mondays.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class RemindersModel(AppDbContext db, CurrentUser me, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public bool WeeklyDigest { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync() =>
        WeeklyDigest = await db.People.Where(p => p.Id == me.PersonId).Select(p => p.WeeklyDigest).SingleAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // One column of one's own row: nothing another person could be overwriting.
        await db.People.Where(p => p.Id == me.PersonId).ExecuteUpdateAsync(set => set.SetProperty(p => p.WeeklyDigest, WeeklyDigest));
        StatusMessage = text["Profile.Reminders.Saved"].Value;
        return RedirectToPage();
    }
}
