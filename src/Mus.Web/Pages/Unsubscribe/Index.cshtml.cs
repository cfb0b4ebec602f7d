using Mus.Web.Infrastructure.Email;

namespace Mus.Web.Pages.Unsubscribe;

/// <summary>
/// Where a reminder mail's unsubscribe button (or link) leads. A GET only asks (link checkers and
/// mail scanners open every address in a mail); the POST, from the page or from the mail client's
/// one-click button without any token but the link's own, turns reminder mails off.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class IndexModel(AppDbContext db, UnsubscribeLinks links, ILogger<IndexModel> logger) : PageModel
{
    public bool Done { get; private set; }

    public IActionResult OnGet(string token) => links.PersonOf(token) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string token)
    {
        if (links.PersonOf(token) is not { } personId)
        {
            return NotFound();
        }

        // Again and again the same: a second press changes nothing and says the same.
        if (await db.People.Where(p => p.Id == personId && !p.ReminderMailsOff).ExecuteUpdateAsync(set => set.SetProperty(p => p.ReminderMailsOff, true)) > 0)
        {
            logger.LogInformation("Reminder mails turned off for person {PersonId} from a mail", personId);
        }

        Done = true;
        return Page();
    }
}
