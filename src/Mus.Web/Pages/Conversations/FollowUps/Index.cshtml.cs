using System.ComponentModel.DataAnnotations;
using Mus.Web.Data.Derived;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Conversations.Plans;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations.FollowUps;

/// <summary>
/// Follow-ups ("mini-MUS") on the approved plan: either party records the date, what was said and
/// each action's status. Entries are only added, so two people recording at once both keep theirs.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class IndexModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public PlanView View { get; private set; } = null!;

    /// <summary>The approved wording the follow-ups are about; null until both have approved a plan.</summary>
    public PlanContent? InForce { get; private set; }

    public FollowUpLog Log { get; private set; } = new([]);

    public DateOnly Today { get; private set; }

    /// <summary>The follow-up meeting ahead, as booked by the leader (time and place only); null for none.</summary>
    public (DateTimeOffset Start, string? Location)? Meeting { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.FollowUpDate")]
    public DateOnly? Date { get; set; }

    [BindProperty]
    [StringLength(FollowUpLog.MaxNotesLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.FollowUpNotes")]
    public string? Notes { get; set; }

    [BindProperty]
    public Dictionary<string, ActionStatus> Statuses { get; set; } = [];


    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id, ConversationOperations.ViewPlan))
        {
            return NotFound();
        }

        Date = Today;
        Statuses = InForce?.Actions.ToDictionary(a => a.Key, Log.StatusOf) ?? [];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id, ConversationOperations.EditPlan))
        {
            return NotFound();
        }

        if (InForce is null)
        {
            ModelState.AddModelError(string.Empty, text["FollowUps.NoPlan"]);
        }

        if (Date is { } date && (date > Today.AddDays(1) || date < Today.AddYears(-2)))
        {
            ModelState.AddModelError(nameof(Date), text["FollowUps.Error.Date"]);
        }

        if (Statuses.Values.Any(s => !Enum.IsDefined(s)))
        {
            ModelState.AddModelError(string.Empty, text["Plan.Error.Choice"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Only the plan's own actions, and only the statuses that actually change.
        var changed = InForce!.Actions
            .Where(a => Statuses.TryGetValue(a.Key, out var status) && status != Log.StatusOf(a))
            .ToDictionary(a => a.Key, a => Statuses[a.Key]);
        var entry = new FollowUp(Date!.Value, Notes?.Trim() ?? "", me.PersonId ?? 0, time.GetUtcNow(), changed);
        for (var attempt = 0; ; attempt++)
        {
            var part = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.FollowUps);
            if (part is null)
            {
                part = new ConversationPart { ConversationId = id, Kind = PartKind.FollowUps };
                db.ConversationParts.Add(part);
            }

            var log = FollowUpLog.Read(part.Content).Add(entry);
            part.Content = log.Write();
            part.UpdatedAt = time.GetUtcNow();
            var plan = await db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == id && p.Kind == PartKind.Plan).Select(p => p.Content).SingleAsync();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            conversation.UpdatePlanFacts(Plan.Read(plan), log, conversation.PlanApprovedAt ?? part.UpdatedAt);
            await SharedActions.RefreshAsync(db, id, Plan.Read(plan), log);
            try
            {
                await db.SaveChangesAsync();
                break;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The other party recorded one at the same moment: read theirs and add ours after it.
                db.ChangeTracker.Clear();
            }
        }

        TempData.Say(text["FollowUps.Saved"].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation)
    {
        var view = await PlanView.LoadAsync(db, access, me, id, operation);
        if (view is null)
        {
            return false;
        }

        InForce = view.Plan.InForce;
        Log = FollowUpLog.Read((await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.FollowUps))?.Content);
        // Entries keep the name of whoever recorded them, a former leader too.
        View = view with { Names = await PlanView.NamesAsync(db, view.Names.Keys.Concat(Log.Entries.Select(e => e.RecordedBy))) };
        Today = DanishTime.Today(time);
        var booked = await db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.FollowUpMeetingStart, c.FollowUpMeetingLocation }).SingleAsync();
        Meeting = booked.FollowUpMeetingStart is { } start && start > time.GetUtcNow() ? (start, booked.FollowUpMeetingLocation) : null;
        return true;
    }
}
