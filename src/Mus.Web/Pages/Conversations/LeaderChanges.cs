using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Domain.Conversations;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// What a change of leader does to an employee's conversations, wherever the change comes from
/// (import, HR's edit, a move within a round). Access already follows the employee's current leader;
/// this removes what only the former leader may read — their preparation and their evaluation
/// answers — and hands the open conversations to the new leader. Runs inside the caller's
/// transaction. The confidentiality work replaces the removal with crypto-shredding and a receipt.
/// </summary>
public static class LeaderChanges
{
    private static readonly PartKind[] FormerLeadersOwn = [PartKind.LeaderPreparation, PartKind.LeaderEvaluation];

    public static async Task ApplyAsync(AppDbContext db, int employeeId, int? newLeaderId, CancellationToken cancellationToken = default)
    {
        await db.ConversationParts
            .Where(p => FormerLeadersOwn.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.EmployeeId == employeeId))
            .ExecuteDeleteAsync(cancellationToken);
        if (newLeaderId is { } leaderId)
        {
            await db.Conversations
                .Where(c => c.EmployeeId == employeeId && c.Status == ConversationStatus.Preparing)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.LeaderId, leaderId), cancellationToken);
        }
    }
}
