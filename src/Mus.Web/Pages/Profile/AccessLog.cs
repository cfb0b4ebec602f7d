using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// The audit rows about one employee's conversations, newest first, as the employee may see them:
/// the two parties (the employee, and the leaders the conversations were held with, former ones
/// included) by name; anyone else by role only.
/// </summary>
public static class AccessLog
{
    /// <summary>One access; <see cref="Name"/> for a party, else <see cref="RoleKey"/>, the resource key naming the reader's role.</summary>
    public sealed record Line(DateTimeOffset At, string? Name, string? RoleKey, string Round, PartKind Compartment, AuditAction Action, string Purpose);

    public static async Task<IReadOnlyList<Line>> ForAsync(AppDbContext db, int? employeeId)
    {
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.EmployeeId == employeeId)
            .Select(c => new { c.Id, c.LeaderId, Round = c.Round!.Name })
            .ToDictionaryAsync(c => c.Id);
        var ids = conversations.Keys.ToList();
        var formerLeaders = await db.ShredReceipts.AsNoTracking().Where(r => r.EmployeeId == employeeId).Select(r => r.FormerLeaderId).Distinct().ToListAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.ConversationId)).ToListAsync();
        var readers = entries.Where(e => e.PersonId is not null).Select(e => e.PersonId!.Value).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => readers.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name);

        // Ordered here: SQLite cannot order by a DateTimeOffset.
        return [.. entries
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e =>
            {
                var conversation = conversations[e.ConversationId];
                var party = e.PersonId is { } person && (person == employeeId || person == conversation.LeaderId || formerLeaders.Contains(person));
                var roleKey = party ? null
                    : e.Roles?.Contains(Roles.Hr, StringComparison.Ordinal) == true ? "Access.Who.Hr"
                    : e.Roles?.Contains(Roles.Administrator, StringComparison.Ordinal) == true ? "Access.Who.Administrator"
                    : e.UserId is null ? "Access.Who.System"
                    : "Access.Who.Other";
                return new Line(e.At, party ? names.GetValueOrDefault(e.PersonId!.Value, "–") : null, roleKey, conversation.Round, e.Compartment, e.Action, e.Purpose);
            })];
    }
}
