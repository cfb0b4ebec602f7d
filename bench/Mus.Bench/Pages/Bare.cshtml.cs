using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;

namespace Mus.Bench.Pages;

/// <summary>The load benchmark's floor: a Razor page with one EF Core query (a person by key), nothing else.</summary>
public sealed class BareModel(AppDbContext db) : PageModel
{
    public static int PersonId { get; set; }

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == PersonId).Select(p => new { p.Name, p.Email }).SingleAsync();
        (Name, Email) = (person.Name, person.Email);
    }
}
