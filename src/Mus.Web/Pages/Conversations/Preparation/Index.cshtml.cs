using Mus.Web.Data.Derived;
using Mus.Web.Domain.Templates;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations.Preparation;

/// <summary>
/// A party's own preparation: private to its author until they share it. Drafts are kept on every
/// save (and by autosave); "ready" and "share" are the author's own choices.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class IndexModel(AppDbContext db, PublishedTemplates templates, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, Shared.MergeOrigins origins, AuditTrail audit) : PageModel
{
    public sealed record Context(string RoundName, DateOnly PreparationDeadline, string? FocusText, string OtherName, ConversationStatus Status, int TemplateVersionId);

    public Context Conversation { get; private set; } = null!;

    public bool IsLeader { get; private set; }

    public IReadOnlyList<TemplateSection> Sections { get; private set; } = [];

    /// <summary>The employee's job-group standard, for the competence questions.</summary>
    public IReadOnlyList<Competence> Standard { get; private set; } = [];

    public QuestionAudience MyAudience => IsLeader ? QuestionAudience.LeaderPreparation : QuestionAudience.EmployeePreparation;

    public QuestionAudience OtherAudience => IsLeader ? QuestionAudience.EmployeePreparation : QuestionAudience.LeaderPreparation;

    [BindProperty]
    public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty]
    public long Version { get; set; }

    public DateTimeOffset? ReadyAt { get; private set; }

    public DateTimeOffset? SharedAt { get; private set; }

    /// <summary>The other party's answers, when they have shared them; null while private.</summary>
    public Dictionary<string, string>? OtherAnswers { get; private set; }

    /// <summary>The previous approved plan and its follow-ups, when there is one.</summary>
    public LookBack? LookBack { get; private set; }

    /// <summary>The answers as the page started from them, and after a clash with another tab or device what clashed.</summary>
    [BindProperty]
    public Shared.MergeInput Merge { get; set; } = new();


    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        await LoadShownAsync(id);

        Answers = Domain.Conversations.Answers.Read(mine?.Content).ToDictionary(a => a.Key, a => (string?)a.Value);
        Version = mine?.Version ?? 0;
        Merge.Within(origins, MergeScope(id)).StartFrom(Domain.Conversations.Answers.Fields(mine?.Content));
        return Page();
    }

    // Each party's own preparation of this conversation has an origin of its own.
    private string MergeScope(int id) => $"preparation/{id}/{ConversationPart.PreparationOf(IsLeader)}";

    /// <summary>A field (an answer) as the page labels it, for the clash panel.</summary>
    public string LabelOf(string field) => Domain.Conversations.Answers.LabelOf(Sections.SelectMany(s => s.Questions), Standard, field);

    public Task<IActionResult> OnPostSaveAsync([FromRoute] int id) => SaveAsync(id, part => { }, "Preparation.Saved");

    public Task<IActionResult> OnPostReadyAsync([FromRoute] int id) => SaveAsync(id, part => part.ReadyAt ??= time.GetUtcNow(), "Preparation.MarkedReady");

    public Task<IActionResult> OnPostShareAsync([FromRoute] int id) => SaveAsync(id, part => part.SharedAt ??= time.GetUtcNow(), "Preparation.Shared");

    public Task<IActionResult> OnPostWithdrawAsync([FromRoute] int id) => SaveAsync(id, part => part.SharedAt = null, "Preparation.Withdrawn");

    /// <summary>Autosave from the page's script: the same save, answered with the new version instead of a page.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync([FromRoute] int id)
    {
        IActionResult result;
        // The answer is a version number or a status, never content: what the save opens to merge with is not sent.
        using (audit.NotSent())
        {
            result = await SaveAsync(id, part => { }, null, mergeAllowed: false);
        }

        return result switch
        {
            // The page's script takes both: its next save merges from what this autosave stored.
            RedirectToPageResult => new JsonResult(new { version = Version, origin = Merge.Origin }),
            NotFoundResult => NotFound(),
            _ => new StatusCodeResult(Response.StatusCode),
        };
    }

    private async Task<IActionResult> SaveAsync(int id, Action<ConversationPart> change, string? doneMessageKey, bool mergeAllowed = true)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (Conversation.Status != ConversationStatus.Preparing)
        {
            ModelState.AddModelError(string.Empty, text["Preparation.Error.Closed"]);
            return await RefuseAsync(id, StatusCodes.Status400BadRequest);
        }

        var questions = Sections.SelectMany(s => s.Questions).Where(q => q.Audience == MyAudience).ToList();
        var (kept, refusals) = Domain.Conversations.Answers.Clean(questions, Answers, Standard);
        foreach (var (question, messageKey) in refusals)
        {
            ModelState.AddModelError($"Answers[{question.Key}]", text[messageKey, question.Text, Domain.Conversations.Answers.MaxTextLength]);
        }

        if (!ModelState.IsValid)
        {
            return await RefuseAsync(id, StatusCodes.Status400BadRequest);
        }

        var outcome = await Shared.MergingSave.SaveAsync(
            db, id, ConversationPart.PreparationOf(IsLeader), Version, Merge.Within(origins, MergeScope(id)), kept.ToDictionary(a => a.Key, a => (string?)a.Value),
            Domain.Conversations.Answers.Fields, (fields, _) => Domain.Conversations.Answers.WriteFields(fields), change, time.GetUtcNow(), mergeAllowed);
        if (outcome is Shared.MergingSave.Saved saved)
        {
            Version = saved.Version;
            Merge.Saved(saved.Fields);
            if (doneMessageKey is not null)
            {
                TempData.Say(text[saved.TookTheirs ? "Merge.SavedWithTheirs" : doneMessageKey].Value);
            }

            return RedirectToPage(new { id });
        }

        // Saved meanwhile from another tab or device, in a field changed here too.
        outcome.ShowRefusal(ModelState, text, "Edit.Conflict", clashed => (Version, Answers) = (clashed.Version, clashed.Shown.ToDictionary()));
        return await RefuseAsync(id, StatusCodes.Status409Conflict);
    }

    /// <summary>A refused save shows the page again, and only then reads what the page shows beside the form.</summary>
    private async Task<IActionResult> RefuseAsync(int id, int status)
    {
        await LoadShownAsync(id);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>This party's own preparation as <see cref="LoadShownAsync"/> read it (once per request: each read is audited).</summary>
    private ConversationPart? mine;

    /// <summary>
    /// What a save needs: the access rule, the conversation's status, and the questions the answers are
    /// checked against. Nobody's content: a save that goes through reads only the part it writes, so the
    /// other party's access log shows no read of theirs that was never sent.
    /// </summary>
    private async Task<bool> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditContent);
        if (parties is null)
        {
            return false;
        }

        IsLeader = parties.IsCurrentLeader(me.PersonId);
        var otherId = IsLeader ? parties.EmployeeId : parties.ConversationLeaderId;
        var read = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new
            {
                Context = new Context(c.Round!.Name, c.Round.PreparationDeadline, c.Round.FocusText,
                    db.People.Where(p => p.Id == otherId).Select(p => p.Name).Single(), c.Status, c.TemplateVersionId),
                Figures = new FiguresWriter.Facts(c.TemplateVersionId, c.StatisticsOptOutAt, c.Employee!.JobGroup!.Standard),
            })
            .SingleAsync();
        Conversation = read.Context;
        // What the save's figures need to know, read here once.
        FiguresWriter.Know(db, id, read.Figures);
        Sections = (await templates.DocumentAsync(db, Conversation.TemplateVersionId)).Sections;
        Standard = Competence.ReadStandard(read.Figures.Standard);
        return true;
    }

    /// <summary>What the page shows beside the form: this party's stored answers and state, the other's shared ones, the look-back.</summary>
    private async Task LoadShownAsync(int id)
    {
        mine = await MyPartAsync(id);
        ReadyAt = mine?.ReadyAt;
        SharedAt = mine?.SharedAt;
        var otherKind = ConversationPart.PreparationOf(!IsLeader);
        var other = await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == otherKind && p.SharedAt != null);
        OtherAnswers = other is null ? null : Domain.Conversations.Answers.Read(other.Content);
        LookBack = await LookBack.ForAsync(db, id);
    }

    private Task<ConversationPart?> MyPartAsync(int id, bool tracked = false)
    {
        var kind = ConversationPart.PreparationOf(IsLeader);
        var parts = tracked ? db.ConversationParts : db.ConversationParts.AsNoTracking();
        return parts.SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == kind);
    }
}
