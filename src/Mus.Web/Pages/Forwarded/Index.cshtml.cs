using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Forwarded;

/// <summary>
/// HR's list of what pairs agreed to pass on (course requests and the like), exactly as worded in
/// the plan both approved, with a status HR keeps. HR reads this compartment and nothing else.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class IndexModel(AppDbContext db, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Row(int ConversationId, string Employee, string Unit, string Round, ForwardedItem Item, long Version);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public ForwardedStatus? Show { get; set; }


    public async Task OnGetAsync()
    {
        var parts = await db.ConversationParts.AsNoTracking().Where(p => p.Kind == PartKind.Forwarded).ToListAsync();
        var ids = parts.Select(p => p.ConversationId).ToList();
        var about = await db.Conversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, Employee = c.Employee!.Name, Unit = c.Employee.OrgUnit!.Name, Round = c.Round!.Name })
            .ToDictionaryAsync(c => c.Id);
        Rows = [.. parts
            .SelectMany(p => ForwardedItems.Read(p.Content).Items.Select(item => new Row(p.ConversationId, about[p.ConversationId].Employee, about[p.ConversationId].Unit, about[p.ConversationId].Round, item, p.Version)))
            .Where(r => Show is null || r.Item.Status == Show)
            .OrderBy(r => r.Item.Status == ForwardedStatus.Received ? 0 : 1).ThenByDescending(r => r.Item.ApprovedAt)];
    }

    public async Task<IActionResult> OnPostAsync(int conversationId, string actionKey, int planNumber, ForwardedStatus status, long version)
    {
        if (!ModelState.IsValid || !Enum.IsDefined(status))
        {
            // A status that is not one of the list (a tampered form): say so, change nothing.
            TempData.Say(text["Plan.Error.Choice"].Value);
            return RedirectToPage(new { Show });
        }

        var part = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == conversationId && p.Kind == PartKind.Forwarded);
        if (part is null)
        {
            return NotFound();
        }

        db.Entry(part).Property(p => p.Version).OriginalValue = version;
        part.Content = ForwardedItems.Read(part.Content).WithStatus(actionKey, planNumber, status, time.GetUtcNow()).Write();
        part.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync();
            TempData.Say(text["Forwarded.Saved"].Value);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another HR user (or a newly approved plan) changed the list meanwhile: nothing is overwritten.
            TempData.Say(text["Forwarded.Conflict"].Value);
        }

        return RedirectToPage(new { Show });
    }
}
