namespace Mus.Web.Pages.Profile;

/// <summary>Every receipt the employee has had for content destroyed about them. Only ever their own.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class ReceiptHistoryModel(AppDbContext db, CurrentUser me) : PageModel
{
    public IReadOnlyList<Receipts.Line> Lines { get; private set; } = [];

    public async Task OnGetAsync() => Lines = await Receipts.ForAsync(db, me.PersonId);
}
