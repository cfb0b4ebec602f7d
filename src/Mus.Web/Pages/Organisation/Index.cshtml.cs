using System.ComponentModel.DataAnnotations;

namespace Mus.Web.Pages.Organisation;

/// <summary>The organisation for HR: the unit tree with head counts, and a search over people.</summary>
[Authorize(Policy = Policies.OrganisationManager)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record UnitNode(int Id, string Code, string Name, int? ParentId, int People);

    public sealed record PersonLine(int Id, string EmployeeNumber, string Name, string? JobTitle, string UnitName, string? LeaderName);

    [BindProperty(SupportsGet = true)]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Organisation.Search")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? UnitId { get; set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    [Range(1, int.MaxValue, ErrorMessage = "Validation.ValueInvalid")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<UnitNode> Units { get; private set; } = [];

    public IReadOnlyList<PersonLine> People { get; private set; } = [];

    public int Matches { get; private set; }

    public ILookup<int?, UnitNode> ChildrenOf { get; private set; } = Enumerable.Empty<UnitNode>().ToLookup(u => u.ParentId);

    public async Task OnGetAsync()
    {
        Units = await db.OrgUnits.AsNoTracking()
            .OrderBy(u => u.Name)
            .Select(u => new UnitNode(u.Id, u.Code, u.Name, u.ParentId, db.People.Count(p => p.OrgUnitId == u.Id)))
            .ToListAsync();
        ChildrenOf = Units.ToLookup(u => u.ParentId);

        if (!ModelState.IsValid)
        {
            return;
        }

        var people = db.People.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var query = Query.Trim().ToLower();
            people = people.Where(p => p.Name.ToLower().Contains(query) || p.Email.Contains(query) || p.EmployeeNumber == Query.Trim());
        }

        if (UnitId is int unitId)
        {
            people = people.Where(p => p.OrgUnitId == unitId);
        }

        Matches = await people.CountAsync();
        People = await people
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => new PersonLine(p.Id, p.EmployeeNumber, p.Name, p.JobTitle, p.OrgUnit!.Name, p.Leader!.Name))
            .ToListAsync();
    }
}
