using Mus.Web.Data.Derived;
using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Team;

/// <summary>
/// A team's page: the leader's published joint feedback after each round, and the practice actions
/// the team's members chose to share, so colleagues can agree on follow-up together. Open to the
/// leader and the people they lead now; anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(AppDbContext db, CurrentUser me, Infrastructure.Crypto.CompartmentCipher cipher) : PageModel
{
    public const int PageSize = 50;

    public sealed record Summary(string Round, DateTimeOffset PublishedAt, string Text);

    public sealed record Shared(string Employee, string What, ActionStatus Status);

    public string LeaderName { get; private set; } = "";

    public bool IsLeader { get; private set; }

    public IReadOnlyList<Summary> Summaries { get; private set; } = [];

    public IReadOnlyList<Shared> Actions { get; private set; } = [];

    public int ActionPages { get; private set; } = 1;

    [BindProperty(SupportsGet = true, Name = "side")]
    public int ActionPage { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync([FromRoute] int leaderId)
    {
        var leader = await db.People.AsNoTracking().Where(p => p.Id == leaderId).Select(p => p.Name).SingleOrDefaultAsync();
        IsLeader = me.PersonId == leaderId;
        var member = me.PersonId is { } person && await db.People.AnyAsync(p => p.Id == person && p.LeaderId == leaderId);
        if (leader is null || !(IsLeader || member))
        {
            return NotFound();
        }

        LeaderName = leader;
        Summaries = await db.RoundSummaries.AsNoTracking()
            .Where(s => s.LeaderId == leaderId && s.PublishedAt != null)
            .OrderByDescending(s => s.RoundId)
            .Join(db.Rounds, s => s.RoundId, r => r.Id, (s, r) => new Summary(r.Name, s.PublishedAt!.Value, s.Text))
            .Take(10)
            .ToListAsync();
        // The team as it is now: what someone shared follows them to their next team.
        var shared = db.SharedActions.AsNoTracking().Where(a => db.People.Any(p => p.Id == a.EmployeeId && p.LeaderId == leaderId));
        var count = await shared.CountAsync();
        ActionPages = Math.Max(1, (count + PageSize - 1) / PageSize);
        ActionPage = Math.Clamp(ActionPage, 1, ActionPages);
        var page = await shared
            .Join(db.People, a => a.EmployeeId, p => p.Id, (a, p) => new { p.Name, Action = a })
            .OrderBy(a => a.Name).ThenBy(a => a.Action.Id)
            .Skip((ActionPage - 1) * PageSize).Take(PageSize)
            .ToListAsync();
        Actions = [.. page.Select(a => new Shared(a.Name, SharedActions.Open(cipher, a.Action) ?? "–", a.Action.Status))];
        return Page();
    }
}
