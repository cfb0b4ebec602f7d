using Mus.Web.Data.Derived;
using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Conversations.Plans.Journal;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>
/// The development plan the two write together and both approve. Approving approves exactly the
/// wording in the approver's form; a wording saved by the other party meanwhile is a conflict,
/// never a silent approval of text the approver has not seen.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class IndexModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, JournalOptions journal, Data.PublishedTemplates templates, Shared.MergeOrigins origins) : PageModel
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

    /// <summary>The wording as the page started from it, and after a clash what clashed (see <see cref="Domain.Editing.FieldMerge"/>).</summary>
    [BindProperty]
    public Shared.MergeInput Merge { get; set; } = new();


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
        Merge.Within(origins, $"plan/{id}").StartFrom(view.Plan.Content.Fields());
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

    public Task<IActionResult> OnPostSaveAsync([FromRoute] int id) => ChangeAsync(id, (plan, content) => plan.Edit(content), "Plan.Saved", merges: true);

    /// <summary>Saves what is in the form and approves exactly that wording.</summary>
    public Task<IActionResult> OnPostApproveAsync([FromRoute] int id) => ChangeAsync(id, (plan, content) =>
    {
        plan.Edit(content);
        plan.Approve(View.MyParty, me.PersonId ?? 0, content.Hash(), time.GetUtcNow());
    }, "Plan.Approved");

    /// <summary>Opens an approved plan for change as version n+1; the form's content is not used.</summary>
    public Task<IActionResult> OnPostAmendAsync([FromRoute] int id) => ChangeAsync(id, (plan, _) => plan.Amend(), "Plan.Amended", readForm: false);

    /// <param name="merges">A save meeting a newer version merges with it; an approval never approves a merge it has not shown.</param>
    private async Task<IActionResult> ChangeAsync(int id, Action<Plan, PlanContent> change, string doneKey, bool readForm = true, bool merges = false)
    {
        var view = await PlanView.LoadAsync(db, access, me, id, ConversationOperations.EditPlan);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        Merge.Within(origins, $"plan/{id}");
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

        if (readForm)
        {
            // A previous clash's choices, applied to the form's wording.
            var mine = new Dictionary<string, string?>(content.Fields(), StringComparer.Ordinal);
            if (Merge.Decide(mine) is { Count: > 0 })
            {
                Merge.ShowClashedAgain(mine);
                return Refuse("Merge.Choose", StatusCodes.Status409Conflict);
            }

            content = PlanFields.ToContent(mine, Plan.Read(part.Content).Content, content);
        }

        var tookTheirs = false;
        if (part.Version != Version)
        {
            if (!readForm)
            {
                return await ConflictAsync(id);
            }

            // The other party saved since this page was loaded: merged field by field. A clash, or an
            // approval (which approves only wording its approver has seen), shows the merge instead.
            var theirs = Plan.Read(part.Content).Content;
            var merged = PlanFields.WithRemovals(Domain.Editing.FieldMerge.Merge(Merge.OriginFields(), content.Fields(), theirs.Fields()), content.Fields(), theirs.Fields());
            var mergedContent = PlanFields.ToContent(merged.Merged, theirs, content);
            if (!merged.Clean || !merges)
            {
                Merge.ShowClashes(theirs.Fields(), merged.Clashes);
                Input = PlanInput.From(mergedContent);
                return await ConflictAsync(id, merged.Clean ? "Plan.Error.ApproveMerged" : "Plan.Error.Conflict");
            }

            content = mergedContent;
            tookTheirs = true;
            Version = part.Version;
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
        await SharedActions.RefreshAsync(db, id, plan, FollowUpLog.Read(followUps));

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The other party's save landed between this read and this write: every field that differs
            // is shown for a choice, and the page starts from what is stored now.
            return await ConflictAsync(id, mine: readForm ? content : null);
        }

        TempData.Say(text[tookTheirs ? "Merge.SavedWithTheirs" : doneKey].Value);
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

    private async Task<IActionResult> ConflictAsync(int id, string messageKey = "Plan.Error.Conflict", PlanContent? mine = null)
    {
        // The other party saved first: their plan is shown beside what was typed here, which stays in the form.
        db.ChangeTracker.Clear();
        var stored = await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan);
        StoredPlan = Plan.Read(stored?.Content);
        if (mine is not null)
        {
            var (minesFields, theirs) = (mine.Fields(), StoredPlan.Content.Fields());
            Merge.ShowClashes(theirs, [.. minesFields.Keys.Union(theirs.Keys).Where(f => minesFields.GetValueOrDefault(f) != theirs.GetValueOrDefault(f))
                .Select(f => new Domain.Editing.FieldMerge.Clash(f, minesFields.GetValueOrDefault(f), theirs.GetValueOrDefault(f)))]);
        }
        else if (Merge.Clashes.Count == 0)
        {
            // The page starts from what is stored now, whatever it was loaded with.
            Merge.ShowClashes(StoredPlan.Content.Fields(), []);
        }

        View = View with { Plan = StoredPlan, Version = stored?.Version ?? 0 };
        Version = View.Version;
        ModelState.Remove(nameof(Version));
        return Refuse(messageKey, StatusCodes.Status409Conflict);
    }

    /// <summary>A field of the plan as the page labels it, for the clash panel: the part, and its goal's title.</summary>
    public string LabelOf(string field)
    {
        var (goalKey, _, part) = PlanFields.Describe(field);
        var goal = Input.Goals.FirstOrDefault(g => g.Key == goalKey)?.Title ?? View.Plan.Content.Goals.FirstOrDefault(g => g.Key == goalKey)?.Title ?? "";
        var label = part switch
        {
            "title" or "goal" => text["Plan.GoalTitle"].Value,
            "what" or "action" => text["Plan.What"].Value,
            "why" => text["Plan.Why"].Value,
            "how" => text["Plan.How"].Value,
            "who" => text["Plan.Who"].Value,
            "by-when" => text["Plan.ByWhen"].Value,
            "follow-up-on" => text["Plan.FollowUpOn"].Value,
            "status" => text["Plan.Status"].Value,
            _ => text["Plan.GoesFurtherText"].Value,
        };
        return goal.Length > 0 ? $"{label} ({goal})" : label;
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
