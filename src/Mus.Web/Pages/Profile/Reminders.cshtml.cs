using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Profile;

/// <summary>The person chooses reminders as they fall due, one weekly digest on Mondays, or none by mail.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class RemindersModel(AppDbContext db, CurrentUser me, IStringLocalizer<Text> text) : PageModel
{
    public const string AsTheyFallDue = "due";
    public const string Weekly = "weekly";
    public const string Off = "off";

    [BindProperty]
    [Required]
    [RegularExpression("^(due|weekly|off)$")]
    public string Choice { get; set; } = AsTheyFallDue;


    public async Task OnGetAsync()
    {
        var person = await db.People.Where(p => p.Id == me.PersonId).Select(p => new { p.WeeklyDigest, p.ReminderMailsOff }).SingleAsync();
        Choice = person.ReminderMailsOff ? Off : person.WeeklyDigest ? Weekly : AsTheyFallDue;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Columns of one's own row: nothing another person could be overwriting. Turning mails off keeps
        // the digest choice, so turning them on again brings back what the person had.
        var off = Choice == Off;
        var weekly = Choice == Weekly;
        await db.People.Where(p => p.Id == me.PersonId).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(p => p.ReminderMailsOff, off);
            if (!off)
            {
                set.SetProperty(p => p.WeeklyDigest, weekly);
            }
        });
        TempData.Say(text["Profile.Reminders.Saved"].Value);
        return RedirectToPage();
    }
}
