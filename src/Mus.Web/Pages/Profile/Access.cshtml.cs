namespace Mus.Web.Pages.Profile;

/// <summary>"Who has read what about me, and when": the audit rows about the employee's own conversations.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class AccessModel(AppDbContext db, CurrentUser me) : PageModel
{
    public const int PageSize = 200;

    public IReadOnlyList<AccessLog.Line> Lines { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>The page shown (<c>?side=</c>), newest lines first; out of range shows the nearest page.</summary>
    [BindProperty(SupportsGet = true, Name = "side")]
    public int PageNumber { get; set; } = 1;

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        // One person's log: every line is needed to tell who read what, so it is paged after it is put together.
        var lines = await AccessLog.ForAsync(db, me.PersonId);
        Total = lines.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Lines = [.. lines.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
    }
}
