using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Pages.Organisation;

/// <summary>Everything an import could touch, as text, so a test can prove that a refused import changed nothing.</summary>
public static class OrganisationSnapshot
{
    public static Task<string> TakeAsync(MusApp app) => app.WithDbAsync(async db =>
    {
        var people = await db.People.AsNoTracking().OrderBy(p => p.EmployeeNumber)
            .Select(p => new { p.EmployeeNumber, p.Name, p.Email, p.JobTitle, p.JobGroupId, p.OrgUnitId, p.LeaderId, p.EmploymentStart, p.Version })
            .ToListAsync();
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => u.Email + "|" + u.PersonId).ToListAsync();
        var groups = await db.JobGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => g.Name).ToListAsync();
        return string.Join('\n', people.Select(p => p.ToString()).Concat(accounts).Concat(groups));
    });
}
