using Mus.Web.Domain.Plans;

namespace Mus.Web.Pages.Conversations.Preparation;

/// <summary>
/// The look-back (tilbageblik): the employee's previous approved plan, with each action's status
/// now and the follow-up notes, shown while preparing the next conversation. The approved plan
/// stays with the employee, so whoever is their leader now sees it too.
/// </summary>
public sealed record LookBack(string RoundName, int Number, PlanContent Plan, FollowUpLog FollowUps)
{
    public static async Task<LookBack?> ForAsync(AppDbContext db, int conversationId)
    {
        // Rounds are numbered as they are opened, so a lower round id is an earlier round (and
        // SQLite cannot order by a DateTimeOffset).
        // A join from this conversation (not "exists"), so the employee's conversations are found by
        // their index instead of by reading every conversation.
        var earlier = await db.Conversations.AsNoTracking()
            .Where(current => current.Id == conversationId)
            .SelectMany(current => db.Conversations.Where(c => c.EmployeeId == current.EmployeeId && c.RoundId < current.RoundId))
            .Where(c => c.Parts.Any(p => p.Kind == PartKind.Plan))
            .OrderByDescending(c => c.RoundId)
            .Select(c => new { c.Id, Round = c.Round!.Name })
            .Take(3)
            .ToListAsync();
        foreach (var conversation in earlier)
        {
            var parts = await db.ConversationParts.AsNoTracking()
                .Where(p => p.ConversationId == conversation.Id && (p.Kind == PartKind.Plan || p.Kind == PartKind.FollowUps))
                .ToListAsync();
            var plan = Domain.Plans.Plan.Read(parts.Single(p => p.Kind == PartKind.Plan).Content);
            if (plan.InForce is { } content)
            {
                return new LookBack(conversation.Round, plan.IsLocked ? plan.Number : plan.Number - 1, content, FollowUpLog.Read(parts.SingleOrDefault(p => p.Kind == PartKind.FollowUps)?.Content));
            }
        }

        return null;
    }
}
