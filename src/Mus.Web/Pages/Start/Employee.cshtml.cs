using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Web.Pages.Start;

/// <summary>"What is waiting for me" for an employee: who they are in the organisation, and their MUS.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class EmployeeModel(AppDbContext db, CurrentUser me) : PageModel
{
    public sealed record View(string Name, string? JobTitle, string UnitName, string? LeaderName, string? LeaderEmail);

    public View Person { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == me.PersonId)
            .Select(p => new View(p.Name, p.JobTitle, p.OrgUnit!.Name, p.Leader!.Name, p.Leader.Email))
            .SingleOrDefaultAsync();
        if (person is null)
        {
            return NotFound();
        }

        Person = person;
        return Page();
    }
}
