using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Plans.Journal;

namespace Mus.Web.Pages.Plans;

/// <summary>
/// The development plan the two write together and both approve. Approving approves exactly the
/// wording in the approver's form; a wording saved by the other party meanwhile is a conflict,
/// never a silent approval of text the approver has not seen.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class EditModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, JournalOptions journal, Domain.Templates.PublishedTemplates templates) : PageModel
{
    public PlanView View { get; private set; } = null!;

    /// <summary>The filing in the personnel file of the newest version both approved, if journaling is set up.</summary>
    public PlanJournalEntry? Journaled { get; private set; }

    [BindProperty]
    public PlanInput Input { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    /// <summary>What is stored now, when a save met a newer version saved by the other party.</summary>
    public Plan? StoredPlan { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Competences both rated below the expected level, not yet in the plan: suggested, never added.</summary>
    public IReadOnlyList<PlanGaps.Gap> Gaps { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var view = await PlanView.LoadAsync(db, access, me, id, ConversationOperations.ViewPlan);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        Input = PlanInput.From(view.Plan.Content).WithEmptyRows();
        Version = view.Version;
        if (!view.Plan.IsLocked)
        {
            Gaps = await PlanGaps.ForAsync(db, templates, id, view.Plan.Content);
        }

        if (view.Plan.InForce is not null)
        {
            Journaled = await db.PlanJournal.AsNoTracking().Where(e => e.ConversationId == id).OrderByDescending(e => e.PlanNumber).FirstOrDefaultAsync();
        }

        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync([FromRoute] int id) => ChangeAsync(id, (plan, content) => plan.Edit(content), "Plan.Saved");

    /// <summary>Saves what is in the form and approves exactly that wording.</summary>
    public Task<IActionResult> OnPostApproveAsync([FromRoute] int id) => ChangeAsync(id, (plan, content) =>
    {
        plan.Edit(content);
        plan.Approve(View.MyParty, me.PersonId ?? 0, content.Hash(), time.GetUtcNow());
    }, "Plan.Approved");

    /// <summary>Opens an approved plan for change as version n+1; the form's content is not used.</summary>
    public Task<IActionResult> OnPostAmendAsync([FromRoute] int id) => ChangeAsync(id, (plan, _) => plan.Amend(), "Plan.Amended", readForm: false);

    private async Task<IActionResult> ChangeAsync(int id, Action<Plan, PlanContent> change, string doneKey, bool readForm = true)
    {
        var view = await PlanView.LoadAsync(db, access, me, id, ConversationOperations.EditPlan);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        if (!view.Status.TakesPlace())
        {
            return Refuse("Plan.Error.Excused", StatusCodes.Status400BadRequest);
        }

        var (content, problems) = readForm ? Input.ToContent() : (view.Plan.Content, []);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(string.Empty, text[problem, PlanContent.MaxGoals, PlanContent.MaxActionsPerGoal]);
            }

            return Refuse(null, StatusCodes.Status400BadRequest);
        }

        if (!ModelState.IsValid)
        {
            return Refuse(null, StatusCodes.Status400BadRequest);
        }

        var part = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan);
        if (part is null)
        {
            part = new ConversationPart { ConversationId = id, Kind = PartKind.Plan };
            db.ConversationParts.Add(part);
        }

        if (part.Version != Version)
        {
            return await ConflictAsync(id);
        }

        db.Entry(part).Property(p => p.Version).OriginalValue = Version;
        var plan = Plan.Read(part.Content);
        try
        {
            change(plan, content);
        }
        catch (DomainException refused)
        {
            return Refuse(refused.MessageKey, StatusCodes.Status400BadRequest);
        }

        part.Content = plan.Write();
        part.UpdatedAt = time.GetUtcNow();
        if (plan.IsLocked)
        {
            await ForwardAsync(id, plan);
            // To the personnel file, in the same transaction as the approval: it cannot be lost.
            if (journal.Enabled && !await db.PlanJournal.AnyAsync(e => e.ConversationId == id && e.PlanNumber == plan.Number))
            {
                var now = time.GetUtcNow().UtcDateTime;
                db.Add(new PlanJournalEntry { ConversationId = id, PlanNumber = plan.Number, CreatedAt = now, NextAttemptAt = now });
            }
        }

        // The phase shown in lists follows the plan; the conversation row is written only when it changes.
        var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
        var followUps = await db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == id && p.Kind == PartKind.FollowUps).Select(p => p.Content).SingleOrDefaultAsync();
        conversation.UpdatePlanFacts(plan, FollowUpLog.Read(followUps), part.UpdatedAt);
        await Team.SharedActions.RefreshAsync(db, id, plan, FollowUpLog.Read(followUps));

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return await ConflictAsync(id);
        }

        StatusMessage = text[doneKey].Value;
        return RedirectToPage(new { id });
    }

    /// <summary>Both have approved: the goes-further items, exactly as worded, become visible to HR (saved with the plan, in one go).</summary>
    private async Task ForwardAsync(int id, Plan plan)
    {
        if (!plan.Content.Actions.Any(a => a.GoesFurther is not null))
        {
            return;
        }

        var forwarded = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Forwarded);
        if (forwarded is null)
        {
            forwarded = new ConversationPart { ConversationId = id, Kind = PartKind.Forwarded };
            db.ConversationParts.Add(forwarded);
        }

        forwarded.Content = ForwardedItems.Read(forwarded.Content).WithApproved(plan).Write();
        forwarded.UpdatedAt = time.GetUtcNow();
    }

    private async Task<IActionResult> ConflictAsync(int id)
    {
        // The other party saved first: their plan is shown beside what was typed here, which stays in the form.
        db.ChangeTracker.Clear();
        var stored = await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan);
        StoredPlan = Plan.Read(stored?.Content);
        View = View with { Plan = StoredPlan, Version = stored?.Version ?? 0 };
        Version = View.Version;
        ModelState.Remove(nameof(Version));
        return Refuse("Plan.Error.Conflict", StatusCodes.Status409Conflict);
    }

    private PageResult Refuse(string? messageKey, int status)
    {
        if (messageKey is not null)
        {
            ModelState.AddModelError(string.Empty, text[messageKey]);
        }

        Input.WithEmptyRows();
        Response.StatusCode = status;
        return Page();
    }
}
