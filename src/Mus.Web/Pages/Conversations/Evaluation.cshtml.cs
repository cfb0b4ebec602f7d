using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// After the conversation each party answers the template's evaluation questions on their own.
/// The answers are the author's alone: not even the other party sees them (HR later sees
/// anonymous aggregates over groups of at least five).
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class EvaluationModel(AppDbContext db, PublishedTemplates templates, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, Shared.MergeOrigins origins) : PageModel
{
    public string OtherName { get; private set; } = "";

    public ConversationStatus Status { get; private set; }

    public IReadOnlyList<TemplateQuestion> Questions { get; private set; } = [];

    [BindProperty]
    public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The answers as the page started from them, and after a clash with another tab what clashed.</summary>
    [BindProperty]
    public Shared.MergeInput Merge { get; set; } = new();


    private PartKind myKind;

    public int ConversationId { get; private set; }

    public bool IsLeader => myKind == PartKind.LeaderEvaluation;

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var mine = await MineAsync(id);
        Answers = Domain.Conversations.Answers.Read(mine?.Content).ToDictionary(a => a.Key, a => (string?)a.Value);
        Version = mine?.Version ?? 0;
        Merge.Within(origins, $"evaluation/{id}/{myKind}").StartFrom(Domain.Conversations.Answers.Fields(mine?.Content));
        return Page();
    }

    /// <summary>A field (an answer) as the page labels it, for the clash panel.</summary>
    public string LabelOf(string field) => Domain.Conversations.Answers.LabelOf(Questions, [], field);

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (Status != ConversationStatus.Held)
        {
            ModelState.AddModelError(string.Empty, text["Evaluation.NotYet"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (kept, refusals) = Domain.Conversations.Answers.Clean(Questions, Answers);
        foreach (var (question, messageKey) in refusals)
        {
            ModelState.AddModelError($"Answers[{question.Key}]", text[messageKey, question.Text, Domain.Conversations.Answers.MaxTextLength]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var now = time.GetUtcNow();
        var outcome = await Shared.MergingSave.SaveAsync(
            db, id, myKind, Version, Merge.Within(origins, $"evaluation/{id}/{myKind}"), kept.ToDictionary(a => a.Key, a => (string?)a.Value),
            Domain.Conversations.Answers.Fields, (fields, _) => Domain.Conversations.Answers.WriteFields(fields), part => part.ReadyAt = now, now);
        if (outcome is Shared.MergingSave.Saved saved)
        {
            TempData.Say(text[saved.TookTheirs ? "Merge.SavedWithTheirs" : "Evaluation.Saved"].Value);
            return RedirectToPage(new { id });
        }

        // Saved meanwhile in another tab, in a field changed here too.
        outcome.ShowRefusal(ModelState, text, "Edit.Conflict", clashed => (Version, Answers) = (clashed.Version, clashed.Shown.ToDictionary()));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditContent);
        if (parties is null)
        {
            return false;
        }

        var isLeader = parties.IsCurrentLeader(me.PersonId);
        ConversationId = id;
        myKind = isLeader ? PartKind.LeaderEvaluation : PartKind.EmployeeEvaluation;
        var otherId = isLeader ? parties.EmployeeId : parties.ConversationLeaderId;
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Status, c.TemplateVersionId, Other = db.People.Where(p => p.Id == otherId).Select(p => p.Name).Single() })
            .SingleAsync();
        Status = conversation.Status;
        OtherName = conversation.Other;
        var template = await templates.DocumentAsync(db, conversation.TemplateVersionId);
        Questions = [.. template.QuestionsFor(QuestionAudience.Evaluation)];
        return true;
    }

    private Task<ConversationPart?> MineAsync(int id) =>
        db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == myKind);
}
