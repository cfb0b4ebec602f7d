using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Templates;

/// <summary>
/// One template version: a draft HR edits and publishes, or a published version shown as it is.
/// Publishing freezes the version; conversations started on it keep it for good.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class EditModel(AppDbContext db, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public string TemplateName { get; private set; } = "";

    public int Number { get; private set; }

    public bool IsPublished { get; private set; }

    public TemplateDocument Document { get; private set; } = new("", []);

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public TemplateInput Input { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }


    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var version = await db.TemplateVersions.AsNoTracking().Include(v => v.Template).SingleOrDefaultAsync(v => v.Id == id);
        if (version is null)
        {
            return NotFound();
        }

        Show(version);
        Name = version.Template!.Name;
        Input = TemplateInput.From(version.Document).WithEmptySlots();
        Version = version.Version;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync([FromRoute] int id) => SaveAsync(id, publish: false);

    public Task<IActionResult> OnPostPublishAsync([FromRoute] int id) => SaveAsync(id, publish: true);

    private async Task<IActionResult> SaveAsync(int id, bool publish)
    {
        var version = await db.TemplateVersions.Include(v => v.Template).SingleOrDefaultAsync(v => v.Id == id);
        if (version is null)
        {
            return NotFound();
        }

        Show(version);
        var (document, problems) = Input.ToDocument();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > ConversationTemplate.NameMaxLength)
        {
            problems.Add("Templates.Error.Name");
        }

        if (publish && !document.Sections.Any(s => s.Questions.Count > 0))
        {
            problems.Add("Templates.Error.Empty");
        }

        foreach (var problem in problems)
        {
            ModelState.AddModelError(string.Empty, text[problem]);
        }

        if (!ModelState.IsValid)
        {
            return Refuse(StatusCodes.Status400BadRequest);
        }

        db.Entry(version).Property(v => v.Version).OriginalValue = Version;
        try
        {
            version.SetDocument(document);
            version.Template!.Name = Name!.Trim();
            if (publish)
            {
                version.Publish(time.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }
        catch (DomainException refused)
        {
            ModelState.AddModelError(string.Empty, text[refused.MessageKey]);
            return Refuse(StatusCodes.Status400BadRequest);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, text["Templates.Error.Conflict"]);
            db.ChangeTracker.Clear();
            Version = (await db.TemplateVersions.AsNoTracking().SingleAsync(v => v.Id == id)).Version;
            ModelState.Remove(nameof(Version));
            return Refuse(StatusCodes.Status409Conflict);
        }

        TempData.Say(text[publish ? "Templates.PublishedDone" : "Templates.Saved", version.Number].Value);
        return publish ? RedirectToPage("Index") : RedirectToPage(new { id });
    }

    private void Show(TemplateVersion version)
    {
        TemplateName = version.Template!.Name;
        Number = version.Number;
        IsPublished = version.IsPublished;
        Document = version.Document;
    }

    private PageResult Refuse(int status)
    {
        Input.WithEmptySlots();
        Response.StatusCode = status;
        return Page();
    }
}
