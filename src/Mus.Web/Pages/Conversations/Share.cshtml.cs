using Mus.Web.Data.Derived;
using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Statistics;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The employee chooses which actions of their approved plan the team may see — the "what" and its
/// status, nothing else — and can take any of them back at any time. Only the employee reaches this
/// page; anyone else gets 404, as for any conversation page they have no part in.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class ShareModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, Infrastructure.Crypto.CompartmentCipher cipher, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Line(PlanAction Action, ActionStatus Status, bool Shared);

    public IReadOnlyList<Line> Actions { get; private set; } = [];

    public int? LeaderId { get; private set; }


    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostShareAsync([FromRoute] int id, [FromForm] string? action) => ChangeAsync(id, action, share: true);

    public Task<IActionResult> OnPostWithdrawAsync([FromRoute] int id, [FromForm] string? action) => ChangeAsync(id, action, share: false);

    private async Task<IActionResult> ChangeAsync(int id, string? actionKey, bool share)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var line = Actions.FirstOrDefault(a => a.Action.Key == actionKey);
        if (line is null)
        {
            ModelState.AddModelError(string.Empty, text["Share.Error.NoSuchAction"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var existing = await db.SharedActions.SingleOrDefaultAsync(a => a.ConversationId == id && a.ActionKey == line.Action.Key);
        if (share && existing is null)
        {
            db.SharedActions.Add(new SharedAction { ConversationId = id, ActionKey = line.Action.Key, EmployeeId = me.PersonId ?? 0, SealedWhat = SharedActions.Seal(cipher, id, line.Action.Key, line.Action.What), Status = line.Status, SharedAt = time.GetUtcNow() });
        }
        else if (!share && existing is not null)
        {
            db.SharedActions.Remove(existing);
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Shared or withdrawn in another window at the same moment: the outcome is the one asked for.
            db.ChangeTracker.Clear();
        }

        TempData.Say(text[share ? "Share.Shared" : "Share.Withdrawn", line.Action.What].Value);
        return Redirect($"/conversations/{id}/share");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.ViewContent);
        if (parties is null || !parties.IsEmployee(me.PersonId))
        {
            return false;
        }

        var parts = await db.ConversationParts.AsNoTracking()
            .Where(p => p.ConversationId == id && (p.Kind == PartKind.Plan || p.Kind == PartKind.FollowUps))
            .ToListAsync();
        var plan = Plan.Read(parts.FirstOrDefault(p => p.Kind == PartKind.Plan)?.Content);
        var log = FollowUpLog.Read(parts.FirstOrDefault(p => p.Kind == PartKind.FollowUps)?.Content);
        var shared = (await db.SharedActions.AsNoTracking().Where(a => a.ConversationId == id).Select(a => a.ActionKey).ToListAsync()).ToHashSet();
        Actions = [.. (plan.InForce?.Actions ?? []).Select(a => new Line(a, log.StatusOf(a), shared.Contains(a.Key)))];
        LeaderId = await db.People.Where(p => p.Id == me.PersonId).Select(p => p.LeaderId).SingleOrDefaultAsync();
        return true;
    }
}
