using System.ComponentModel.DataAnnotations;
using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The leader books, moves or calls off a follow-up meeting (mini-MUS) on the plan; both get the
/// calendar invitation or its cancellation, saved in the outbox with the change (as for the conversation).
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class FollowUpMeetingModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, MeetingInvitations invitations, OutboxDispatcher dispatcher, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string EmployeeName { get; private set; } = "";

    /// <summary>Whether a meeting ahead is booked (so it can be called off).</summary>
    public bool Booked { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.MeetingStart")]
        public DateTime? Start { get; set; }

        [Range(15, 240, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.MeetingMinutes")]
        public int Minutes { get; set; } = Conversation.DefaultFollowUpMinutes;

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

        // A meeting ahead is shown to move; otherwise the plan's next follow-up date at nine, and the conversation's place.
        var ahead = conversation.FollowUpMeetingStart is { } booked && booked > time.GetUtcNow() ? booked : (DateTimeOffset?)null;
        Input = new InputModel
        {
            Start = ahead is { } start ? DanishTime.ToLocal(start) : conversation.NextFollowUpOn is { } next && next > DanishTime.Today(time) ? next.ToDateTime(new TimeOnly(9, 0)) : null,
            Minutes = ahead is null ? Conversation.DefaultFollowUpMinutes : conversation.FollowUpMeetingMinutes,
            Location = (ahead is null ? conversation.Location : conversation.FollowUpMeetingLocation) ?? "",
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

        return ModelState.IsValid
            ? await SaveAsync(conversation, MeetingCalendar.Request, () => conversation.ScheduleFollowUp(DanishTime.ToUtc(Input.Start!.Value), Input.Minutes, Input.Location, me.PersonId!.Value, time.GetUtcNow()), text["FollowUpMeeting.Saved", EmployeeName].Value)
            : Refused();
    }

    public async Task<IActionResult> OnPostCancelAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id, tracked: true);
        if (conversation is null)
        {
            return NotFound();
        }

        // Only the version matters here: the form's other fields are not asked for.
        foreach (var key in ModelState.Keys.Where(k => k != "Input.Version").ToList())
        {
            ModelState.Remove(key);
        }

        return await SaveAsync(conversation, MeetingCalendar.Cancel, () => { }, text["FollowUpMeeting.Cancelled"].Value);
    }

    private async Task<IActionResult> SaveAsync(Conversation conversation, string method, Action change, string saved)
    {
        try
        {
            db.Entry(conversation).Property(c => c.Version).OriginalValue = Input.Version;
            change();
            await invitations.AddFollowUpAsync(conversation, method);
            await db.SaveChangesAsync();
            dispatcher.Nudge();
            TempData.Say(saved);
            return RedirectToPage("/Conversations/FollowUps/Index", new { id = conversation.Id });
        }
        catch (DomainException refusal)
        {
            ModelState.AddModelError(string.Empty, text[refusal.MessageKey]);
            return Refused();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Keep what was typed; show what is stored (no invitation went out: it was in the same save).
            db.ChangeTracker.Clear();
            var stored = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
            Input.Version = stored.Version;
            ModelState.Remove("Input.Version");
            Booked = stored.FollowUpMeetingStart > time.GetUtcNow();
            var storedTime = stored.FollowUpMeetingStart is { } start ? $"{DanishTime.Format(start)}, {stored.FollowUpMeetingLocation}" : "–";
            ModelState.AddModelError(string.Empty, text["FollowUpMeeting.Error.Conflict", storedTime]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    // Only the employee's current leader books; anyone else learns nothing (404).
    private async Task<Conversation?> LoadAsync(int id, bool tracked = false)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditPlan);
        if (parties is null || !parties.IsCurrentLeader(me.PersonId))
        {
            return null;
        }

        var conversations = tracked ? db.Conversations : db.Conversations.AsNoTracking();
        var conversation = await conversations.Include(c => c.Employee).SingleAsync(c => c.Id == id);
        EmployeeName = conversation.Employee!.Name;
        Booked = conversation.FollowUpMeetingStart > time.GetUtcNow();
        return conversation;
    }
}
