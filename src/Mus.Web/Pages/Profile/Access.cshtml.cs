using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// "Who has read what about me, and when": the audit rows about the employee's own conversations.
/// The two parties (the employee, and leaders the conversations were held with) are named; anyone
/// else by role only.
/// </summary>
[Authorize(Policy = Policies.Employee)]
public sealed class AccessModel(AppDbContext db, CurrentUser me) : PageModel
{
    public const int Shown = 500;

    public sealed record Line(DateTimeOffset At, string Who, string? WhoKey, string Round, PartKind Compartment, AuditAction Action, string Purpose);

    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.EmployeeId == me.PersonId)
            .Select(c => new { c.Id, c.LeaderId, Round = c.Round!.Name })
            .ToDictionaryAsync(c => c.Id);
        var ids = conversations.Keys.ToList();
        var formerLeaders = await db.ShredReceipts.AsNoTracking().Where(r => r.EmployeeId == me.PersonId).Select(r => r.FormerLeaderId).Distinct().ToListAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.ConversationId)).ToListAsync();
        var personIds = entries.Where(e => e.PersonId is not null).Select(e => e.PersonId!.Value).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name);

        Total = entries.Count;
        Lines = [.. entries
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(Shown)
            .Select(e =>
            {
                var conversation = conversations[e.ConversationId];
                var party = e.PersonId is { } person && (person == me.PersonId || person == conversation.LeaderId || formerLeaders.Contains(person));
                var (who, key) = party ? (names.GetValueOrDefault(e.PersonId!.Value, "–"), (string?)null)
                    : e.Roles?.Contains(Roles.Hr, StringComparison.Ordinal) == true ? ("", "Access.Who.Hr")
                    : e.Roles?.Contains(Roles.Administrator, StringComparison.Ordinal) == true ? ("", "Access.Who.Administrator")
                    : e.UserId is null ? ("", "Access.Who.System")
                    : ("", "Access.Who.Other");
                return new Line(e.At, who, key, conversation.Round, e.Compartment, e.Action, e.Purpose);
            })];
    }
}
