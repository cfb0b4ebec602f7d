using System.Linq.Expressions;
using Mus.Web.Domain.Plans;

namespace Mus.Web.Pages.Conversations.FollowUps;

/// <summary>
/// What is coming up on approved plans, for the start pages: actions to follow up within two
/// weeks (and not followed up since their date), and open actions past their deadline. Only each
/// employee's newest approved plan counts; it replaces the one before it.
/// </summary>
public static class FollowUpAgenda
{
    public const int DaysAhead = 14;

    public sealed record Item(int ConversationId, string EmployeeName, string What, DateOnly? FollowUpOn, DateOnly? ByWhen, ActionStatus Status, bool FollowUpDue, bool Overdue);

    /// <summary>The agenda over the conversations <paramref name="scope"/> picks; the caller decides whose those may be.</summary>
    public static async Task<IReadOnlyList<Item>> ForAsync(AppDbContext db, Expression<Func<Conversation, bool>> scope, DateOnly today)
    {
        var conversations = await db.Conversations.AsNoTracking()
            .Where(scope)
            .Where(c => c.Parts.Any(p => p.Kind == PartKind.Plan))
            .Select(c => new { c.Id, c.EmployeeId, c.RoundId, Employee = c.Employee!.Name })
            .ToListAsync();
        if (conversations.Count == 0)
        {
            return [];
        }

        // Compartments are read as rows, so that they are opened (decrypted) as they load.
        var ids = conversations.Select(c => c.Id).ToList();
        var parts = (await db.ConversationParts.AsNoTracking()
            .Where(p => ids.Contains(p.ConversationId) && (p.Kind == PartKind.Plan || p.Kind == PartKind.FollowUps))
            .ToListAsync())
            .ToLookup(p => (p.ConversationId, p.Kind));
        var rows = conversations.Select(c => new
        {
            c.Id,
            c.EmployeeId,
            c.RoundId,
            c.Employee,
            Plan = parts[(c.Id, PartKind.Plan)].Single().Content,
            FollowUps = parts[(c.Id, PartKind.FollowUps)].SingleOrDefault()?.Content,
        });

        var items = new List<Item>();
        foreach (var newest in rows
            .Select(r => (Row: r, InForce: Plan.Read(r.Plan).InForce))
            .Where(r => r.InForce is not null)
            .GroupBy(r => r.Row.EmployeeId)
            .Select(g => g.OrderByDescending(r => r.Row.RoundId).First()))
        {
            var log = FollowUpLog.Read(newest.Row.FollowUps);
            foreach (var action in newest.InForce!.Actions)
            {
                var status = log.StatusOf(action);
                if (!FollowUpLog.IsOpen(status))
                {
                    continue;
                }

                var due = action.FollowUpOn is { } on && on <= today.AddDays(DaysAhead) && !log.Entries.Any(e => e.Date >= on);
                var overdue = action.ByWhen < today;
                if (due || overdue)
                {
                    items.Add(new Item(newest.Row.Id, newest.Row.Employee, action.What, action.FollowUpOn, action.ByWhen, status, due, overdue));
                }
            }
        }

        return [.. items.OrderBy(i => i.FollowUpOn ?? i.ByWhen).ThenBy(i => i.EmployeeName)];
    }
}
