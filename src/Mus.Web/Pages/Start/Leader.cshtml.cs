using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Web.Pages.Start;

/// <summary>A leader's start page: the people they hold MUS with.</summary>
[Authorize(Policy = Policies.Leader)]
public sealed class LeaderModel(AppDbContext db, CurrentUser me) : PageModel
{
    public sealed record Report(string Name, string? JobTitle, string UnitName, DateOnly? EmploymentStart);

    public IReadOnlyList<Report> Reports { get; private set; } = [];

    public async Task OnGetAsync() =>
        Reports = await db.People.AsNoTracking()
            .Where(p => p.LeaderId == me.PersonId)
            .OrderBy(p => p.Name)
            .Select(p => new Report(p.Name, p.JobTitle, p.OrgUnit!.Name, p.EmploymentStart))
            .ToListAsync();
}
