using System.ComponentModel.DataAnnotations;
using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The leader proposes (or moves) the time and place; both get a calendar invitation, saved in the
/// outbox with the change (a move keeps the event's UID and raises its SEQUENCE).
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class ScheduleModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, MeetingInvitations invitations, OutboxDispatcher dispatcher, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string EmployeeName { get; private set; } = "";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.MeetingStart")]
        public DateTime? Start { get; set; }

        [Range(15, 480, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MeetingMinutes")]
        public int Minutes { get; set; } = Conversation.DefaultMinutes;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Conversation.LocationMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Location")]
        public string Location { get; set; } = "";

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id);
        if (conversation is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Start = conversation.ScheduledStart is { } start ? DanishTime.ToLocal(start) : null,
            Minutes = conversation.ScheduledMinutes,
            Location = conversation.Location ?? "",
            Version = conversation.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id, tracked: true);
        if (conversation is null)
        {
            return NotFound();
        }

        (Input.Start, var noTime) = MeetingStart.Read(Input.Start);
        if (noTime is not null)
        {
            ModelState.AddModelError("Input.Start", text[noTime]);
        }

        if (ModelState.IsValid)
        {
            try
            {
                db.Entry(conversation).Property(c => c.Version).OriginalValue = Input.Version;
                conversation.Schedule(DanishTime.ToUtc(Input.Start!.Value), Input.Minutes, Input.Location, time.GetUtcNow());
                await invitations.AddAsync(conversation, MeetingCalendar.Request);
                await db.SaveChangesAsync();
                dispatcher.Nudge();
                TempData.Say(text["Schedule.Saved", EmployeeName].Value);
                return Redirect("/start/leader");
            }
            catch (DomainException refusal)
            {
                ModelState.AddModelError(string.Empty, text[refusal.MessageKey]);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Keep what was typed; show what is stored, and let the next save replace it knowingly.
                // (The invitations were in the same save, so none went out.)
                db.ChangeTracker.Clear();
                var stored = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
                Input.Version = stored.Version;
                ModelState.Remove("Input.Version");
                var storedTime = stored.ScheduledStart is { } start ? $"{DanishTime.Format(start)}, {stored.Location}" : "–";
                ModelState.AddModelError(string.Empty, text["Schedule.Error.Conflict", storedTime]);
                // Every clash of MUS answers 409.
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    // Only the employee's current leader schedules; anyone else learns nothing (404).
    private async Task<Conversation?> LoadAsync(int id, bool tracked = false)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditContent);
        if (parties is null || !parties.IsCurrentLeader(me.PersonId))
        {
            return null;
        }

        var conversations = tracked ? db.Conversations : db.Conversations.AsNoTracking();
        var conversation = await conversations.Include(c => c.Employee).SingleAsync(c => c.Id == id);
        EmployeeName = conversation.Employee!.Name;
        return conversation;
    }
}
