namespace Mus.Web.Pages.Organisation.JobGroups;

/// <summary>The job groups and how far each has a competence standard.</summary>
[Authorize(Policy = Policies.Hr)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(int Id, string Name, int People, int Competences);

    public IReadOnlyList<Row> Groups { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var groups = await db.JobGroups.AsNoTracking()
            .OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Name, g.Standard, People = db.People.Count(p => p.JobGroupId == g.Id) })
            .ToListAsync();
        Groups = [.. groups.Select(g => new Row(g.Id, g.Name, g.People, Mus.Web.Domain.Competence.ReadStandard(g.Standard).Count))];
    }
}
