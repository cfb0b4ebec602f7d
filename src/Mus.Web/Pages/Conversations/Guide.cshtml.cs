using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The shared guide both parties have open during the conversation: agenda, what each shared
/// from their preparation, notes per theme, feedback both ways and a summary. Only the two of
/// them see it; everyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class GuideModel(AppDbContext db, PublishedTemplates templates, ConversationAccess access, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public GuideView View { get; private set; } = null!;

    [BindProperty]
    public GuideInput Input { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    /// <summary>What is stored now, when a save met a newer version saved by the other party.</summary>
    public SharedNotes? StoredNotes { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

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
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([FromRoute] int id)
    {
        var result = await SaveAsync(id);
        if (result is RedirectToPageResult)
        {
            StatusMessage = text["Guide.Saved"].Value;
        }

        return result;
    }

    /// <summary>Autosave from the page's script: the same save, answered with the new version.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync([FromRoute] int id) => await SaveAsync(id) switch
    {
        RedirectToPageResult => new JsonResult(new { version = Version }),
        NotFoundResult => NotFound(),
        _ => new StatusCodeResult(Response.StatusCode),
    };

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
            StatusMessage = text["Guide.MarkedHeld"].Value;
        }
        catch (DomainException refused)
        {
            StatusMessage = text[refused.MessageKey].Value;
        }

        return saved;
    }

    private async Task<IActionResult> SaveAsync(int id)
    {
        var view = await GuideView.LoadAsync(db, templates, access, me, id, ConversationOperations.EditContent);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        if (!view.Status.TakesPlace())
        {
            ModelState.AddModelError(string.Empty, text["Guide.Error.Excused"]);
            return Refuse(StatusCodes.Status400BadRequest);
        }

        var questions = view.Sections.SelectMany(s => s.Questions).Where(q => q.Audience == QuestionAudience.Conversation);
        var (answers, refusals) = Preparation.Answers.Clean(questions, Input.Answers);
        foreach (var (question, messageKey) in refusals)
        {
            ModelState.AddModelError($"Input.Answers[{question.Key}]", text[messageKey, question.Text, Preparation.Answers.MaxTextLength]);
        }

        if (Input.Texts().Any(t => t?.Length > SharedNotes.MaxTextLength))
        {
            ModelState.AddModelError(string.Empty, text["Guide.Error.TooLong", SharedNotes.MaxTextLength]);
        }

        if (Input.SummaryWriterId is { } writer && writer != view.EmployeeId && writer != view.LeaderId)
        {
            ModelState.AddModelError("Input.SummaryWriterId", text["Guide.Error.Writer"]);
        }

        if (!ModelState.IsValid)
        {
            return Refuse(StatusCodes.Status400BadRequest);
        }

        var notes = Input.ToNotes(view.Sections.Select(s => s.Key).ToList(), answers, Input.SummaryWriterId ?? me.PersonId);
        var part = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.SharedNotes);
        if (part is null)
        {
            part = new ConversationPart { ConversationId = id, Kind = PartKind.SharedNotes };
            db.ConversationParts.Add(part);
        }
        else
        {
            db.Entry(part).Property(p => p.Version).OriginalValue = Version;
        }

        part.Content = notes.Write();
        part.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The other party saved first: show their text beside what was typed here, which stays in the form.
            db.ChangeTracker.Clear();
            var stored = await db.ConversationParts.AsNoTracking().SingleAsync(p => p.ConversationId == id && p.Kind == PartKind.SharedNotes);
            StoredNotes = SharedNotes.Read(stored.Content);
            Version = stored.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty, text["Guide.Error.Conflict"]);
            return Refuse(StatusCodes.Status409Conflict);
        }

        Version = part.Version;
        return RedirectToPage(new { id });
    }

    private PageResult Refuse(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
