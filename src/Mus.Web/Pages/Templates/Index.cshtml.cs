using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Templates;

/// <summary>
/// HR's templates: each with its published versions and at most one draft. HR copies a template
/// to make their own, or starts a new version of one; rounds only ever use published versions.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class IndexModel(AppDbContext db, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Row(int Id, string Name, bool BuiltIn, int? PublishedNumber, int? PublishedVersionId, int? DraftVersionId, int? DraftNumber);

    public IReadOnlyList<Row> Templates { get; private set; } = [];


    public async Task OnGetAsync() => Templates = await db.Templates.AsNoTracking()
        .OrderBy(t => t.BuiltInKey == null).ThenBy(t => t.Name)
        .Select(t => new Row(
            t.Id, t.Name, t.BuiltInKey != null,
            t.Versions.Where(v => v.PublishedAt != null).Max(v => (int?)v.Number),
            t.Versions.Where(v => v.PublishedAt != null).OrderByDescending(v => v.Number).Select(v => (int?)v.Id).FirstOrDefault(),
            t.Versions.Where(v => v.PublishedAt == null).Select(v => (int?)v.Id).FirstOrDefault(),
            t.Versions.Where(v => v.PublishedAt == null).Select(v => (int?)v.Number).FirstOrDefault()))
        .ToListAsync();

    /// <summary>A new template of HR's own, starting as a draft copy of this one's latest published version.</summary>
    public async Task<IActionResult> OnPostCopyAsync(int templateId)
    {
        var source = await LatestPublishedAsync(templateId);
        if (source is null)
        {
            return NotFound();
        }

        var copy = new ConversationTemplate { Name = Truncate(text["Templates.CopyName", source.Template!.Name]) };
        var draft = new TemplateVersion { Number = 1 };
        draft.SetDocument(source.Document);
        copy.Versions.Add(draft);
        db.Templates.Add(copy);
        await db.SaveChangesAsync();
        return RedirectToPage("Edit", new { id = draft.Id });
    }

    /// <summary>Starts version n+1 as a draft copy of the latest published one; an existing draft is opened instead.</summary>
    public async Task<IActionResult> OnPostNewVersionAsync(int templateId)
    {
        var existingDraft = await db.TemplateVersions.Where(v => v.TemplateId == templateId && v.PublishedAt == null).Select(v => (int?)v.Id).FirstOrDefaultAsync();
        if (existingDraft is { } draftId)
        {
            return RedirectToPage("Edit", new { id = draftId });
        }

        var source = await LatestPublishedAsync(templateId);
        if (source is null)
        {
            return NotFound();
        }

        var next = new TemplateVersion { TemplateId = templateId, Number = await db.TemplateVersions.Where(v => v.TemplateId == templateId).MaxAsync(v => v.Number) + 1 };
        next.SetDocument(source.Document);
        db.TemplateVersions.Add(next);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Someone else started the same version a moment ago: theirs is the draft.
            TempData.Say(text["Templates.DraftExists"].Value);
            return RedirectToPage();
        }

        return RedirectToPage("Edit", new { id = next.Id });
    }

    private Task<TemplateVersion?> LatestPublishedAsync(int templateId) => db.TemplateVersions.Include(v => v.Template)
        .Where(v => v.TemplateId == templateId && v.PublishedAt != null)
        .OrderByDescending(v => v.Number)
        .FirstOrDefaultAsync();

    private static string Truncate(string name) => name.Length <= ConversationTemplate.NameMaxLength ? name : name[..ConversationTemplate.NameMaxLength];
}
