using System.ComponentModel.DataAnnotations;
using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>HR or the leader excuses an employee from a round, with a reason chosen from a fixed list (<see cref="ExcuseReason"/>).</summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class ExcuseModel(AppDbContext db, ConversationAccess access, MeetingInvitations invitations, OutboxDispatcher dispatcher, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [EnumDataType(typeof(ExcuseReason), ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.Reason")]
    public ExcuseReason? Reason { get; set; }

    public string EmployeeName { get; private set; } = "";

    public string RoundName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id);
        if (conversation is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = await this.TrySaveAsync(db, dispatcher, text, () =>
        {
            conversation.Excuse(Reason!.Value);
            // A meeting already in both calendars is taken out of them.
            return invitations.AddAsync(conversation, MeetingCalendar.Cancel);
        }, () => text["Excuse.Done", EmployeeName].Value);
        return !saved ? Page()
            : User.IsInRole(Roles.Hr) ? RedirectToPage("/Rounds/Progress", new { id = conversation.RoundId }) : Redirect("/start/leader");
    }

    private async Task<Conversation?> LoadAsync(int id)
    {
        if (await access.AuthorizeAsync(id, ConversationOperations.Manage) is null)
        {
            return null;
        }

        var conversation = await db.Conversations.Include(c => c.Employee).Include(c => c.Round).SingleAsync(c => c.Id == id);
        EmployeeName = conversation.Employee!.Name;
        RoundName = conversation.Round!.Name;
        return conversation;
    }
}
