using Mus.Web.Domain.Editing;
using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The shared guide both parties have open during the conversation: agenda, what each shared
/// from their preparation, notes per theme, feedback both ways and a summary. Only the two of
/// them see it; everyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class GuideModel(AppDbContext db, PublishedTemplates templates, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, MergeOrigins origins, Infrastructure.Audit.AuditTrail audit) : PageModel
{
    public GuideView View { get; private set; } = null!;

    [BindProperty]
    public GuideInput Input { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The notes as the page started from them, and after a clash what clashed (see <see cref="FieldMerge"/>).</summary>
    [BindProperty]
    public MergeInput Merge { get; set; } = new();


    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var view = await GuideView.LoadAsync(db, templates, access, me, id);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        Input = GuideInput.From(view.Notes);
        Version = view.NotesVersion;
        Merge.Within(origins, $"guide/{id}").StartFrom(view.Notes.Fields());
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([FromRoute] int id)
    {
        var result = await SaveAsync(id);
        if (result is RedirectToPageResult)
        {
            if (!TempData.HasSaid())
            {
                TempData.Say(text["Guide.Saved"].Value);
            }
        }

        return result;
    }

    /// <summary>Autosave from the page's script: the same save, answered with the new version; a newer version is not merged (409), the page's own save does that.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync([FromRoute] int id)
    {
        IActionResult result;
        // The answer is a version number or a status, never content: what the save opens is not sent.
        using (audit.NotSent())
        {
            result = await SaveAsync(id, merge: false);
        }

        return result switch
        {
            // The page's script takes both: its next save merges from what this autosave stored.
            RedirectToPageResult => new JsonResult(new { version = Version, origin = Merge.Origin }),
            NotFoundResult => NotFound(),
            _ => new StatusCodeResult(Response.StatusCode),
        };
    }

    /// <summary>
    /// The leader records that the conversation took place; the preparations close. What is in the
    /// form is saved first, so pressing this button never loses notes.
    /// </summary>
    public async Task<IActionResult> OnPostHeldAsync([FromRoute] int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditContent);
        if (parties is null)
        {
            return NotFound();
        }

        // Only the leader records the conversation as held; like scheduling, anyone else gets 404.
        if (!parties.IsCurrentLeader(me.PersonId))
        {
            return NotFound();
        }

        var saved = await SaveAsync(id);
        if (saved is not RedirectToPageResult)
        {
            return saved;
        }

        var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
        try
        {
            conversation.MarkHeld(time.GetUtcNow());
            await db.SaveChangesAsync();
            TempData.Say(text["Guide.MarkedHeld"].Value);
        }
        catch (DomainException refused)
        {
            TempData.Say(text[refused.MessageKey].Value);
        }

        return saved;
    }

    private async Task<IActionResult> SaveAsync(int id, bool merge = true)
    {
        Merge.Within(origins, $"guide/{id}");
        var view = await GuideView.LoadAsync(db, templates, access, me, id, ConversationOperations.EditContent, withPreparations: false);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        if (!view.Status.TakesPlace())
        {
            ModelState.AddModelError(string.Empty, text["Guide.Error.Excused"]);
            return await RefuseAsync(id, StatusCodes.Status400BadRequest);
        }

        var questions = view.Sections.SelectMany(s => s.Questions).Where(q => q.Audience == QuestionAudience.Conversation);
        var (answers, refusals) = Answers.Clean(questions, Input.Answers);
        foreach (var (question, messageKey) in refusals)
        {
            ModelState.AddModelError($"Input.Answers[{question.Key}]", text[messageKey, question.Text, Answers.MaxTextLength]);
        }

        if (Input.Texts().Any(t => t?.Length > SharedNotes.MaxTextLength))
        {
            ModelState.AddModelError(string.Empty, text["Guide.Error.TooLong", SharedNotes.MaxTextLength]);
        }

        if (Input.SummaryWriterId is { } chosenWriter && chosenWriter != view.EmployeeId && chosenWriter != view.LeaderId)
        {
            ModelState.AddModelError("Input.SummaryWriterId", text["Guide.Error.Writer"]);
        }

        if (!ModelState.IsValid)
        {
            return await RefuseAsync(id, StatusCodes.Status400BadRequest);
        }

        var writer = Input.SummaryWriterId ?? me.PersonId;
        var mine = new Dictionary<string, string?>(Input.ToNotes(view.Sections.Select(s => s.Key).ToList(), answers, writer).Fields(), StringComparer.Ordinal);
        var outcome = await MergingSave.SaveAsync(
            db, id, PartKind.SharedNotes, Version, Merge, mine,
            stored => SharedNotes.Read(stored).Fields(),
            (fields, stored) => SharedNotes.FromFields(fields, WriterOf(fields, SharedNotes.Read(stored), mine, writer)).Write(),
            _ => { },
            time.GetUtcNow(),
            merge);
        if (outcome is MergingSave.Saved saved)
        {
            Version = saved.Version;
            Merge.Saved(saved.Fields);
            if (saved.TookTheirs)
            {
                TempData.Say(text["Merge.SavedWithTheirs"].Value);
            }

            return RedirectToPage(new { id });
        }

        // The other party saved since this page was loaded, and changed a field this side changed too.
        outcome.ShowRefusal(ModelState, text, "Guide.Error.Conflict", clashed => (Version, Input) = (clashed.Version, GuideInput.From(SharedNotes.FromFields(clashed.Shown, writer))));
        return await RefuseAsync(id, StatusCodes.Status409Conflict);
    }

    /// <summary>The summary's writer goes with the text that stands: the other's, when theirs was kept.</summary>
    private static int? WriterOf(IReadOnlyDictionary<string, string?> fields, SharedNotes stored, IReadOnlyDictionary<string, string?> mine, int? writer) =>
        fields.GetValueOrDefault("summary") is { } summary && summary == stored.Summary && summary != mine.GetValueOrDefault("summary") ? stored.SummaryWriterId ?? writer : writer;

    /// <summary>A field of <see cref="SharedNotes.Fields"/> as the page labels it, for the clash panel.</summary>
    public string LabelOf(string field)
    {
        var (kind, key) = field.IndexOf(':') is var colon and > 0 ? (field[..colon], field[(colon + 1)..]) : (field, "");
        var feedback = key switch { "praise" => "Praise", "improve" => "Improve", _ => "PraiseAgain" };
        return kind switch
        {
            "agenda" => text["Guide.Agenda"],
            "note" => text["Guide.NotesFor", View.Sections.FirstOrDefault(s => s.Key == key)?.Title ?? key],
            "answer" => View.Sections.SelectMany(s => s.Questions).FirstOrDefault(q => q.Key == key)?.Text ?? key,
            "to-employee" => $"{text["Guide.ToEmployee", View.EmployeeName]}: {text["Guide.Feedback." + feedback]}",
            "to-leader" => $"{text["Guide.ToLeader", View.LeaderName]}: {text["Guide.Feedback." + feedback]}",
            _ => text["Guide.Summary"],
        };
    }

    /// <summary>A refused save shows the page again: only then are the shared preparations beside it read.</summary>
    private async Task<IActionResult> RefuseAsync(int id, int status)
    {
        View = await GuideView.LoadAsync(db, templates, access, me, id, ConversationOperations.EditContent) ?? View;
        Response.StatusCode = status;
        return Page();
    }
}
