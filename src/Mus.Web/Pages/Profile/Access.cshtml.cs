using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Mus.Web.Data;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Web.Pages.Profile;

/// <summary>"Who has read what about me, and when": the audit rows about the employee's own conversations.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class AccessModel(AppDbContext db, CurrentUser me) : PageModel
{
    public const int Shown = 500;

    public IReadOnlyList<AccessLog.Line> Lines { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var lines = await AccessLog.ForAsync(db, me.PersonId);
        Total = lines.Count;
        Lines = [.. lines.Take(Shown)];
    }
}
