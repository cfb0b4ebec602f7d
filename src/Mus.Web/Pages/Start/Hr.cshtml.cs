namespace Mus.Web.Pages.Start;

/// <summary>HR's start page: the state of the organisation data that rounds will be opened on.</summary>
[Authorize(Policy = Policies.Hr)]
public sealed class HrModel(AppDbContext db) : PageModel
{
    public int People { get; private set; }

    public int Units { get; private set; }

    public int JobGroups { get; private set; }

    public int WithoutLeader { get; private set; }

    public int WithoutJobGroup { get; private set; }

    public async Task OnGetAsync()
    {
        People = await db.People.CountAsync();
        Units = await db.OrgUnits.CountAsync();
        JobGroups = await db.JobGroups.CountAsync();
        WithoutLeader = await db.People.CountAsync(p => p.LeaderId == null);
        WithoutJobGroup = await db.People.CountAsync(p => p.JobGroupId == null);
    }
}
