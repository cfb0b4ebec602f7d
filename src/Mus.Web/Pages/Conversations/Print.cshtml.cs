using Mus.Web.Domain.Plans;

namespace Mus.Web.Pages.Conversations;

/// <summary>The shared guide and the plan on one A3 sheet, to print or keep on the table during the conversation.</summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class PrintModel(AppDbContext db, Mus.Web.Data.PublishedTemplates templates, ConversationAccess access, CurrentUser me) : PageModel
{
    public GuideView View { get; private set; } = null!;

    public Plan Plan { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var view = await GuideView.LoadAsync(db, templates, access, me, id);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        Plan = Plan.Read((await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan))?.Content);
        return Page();
    }
}
