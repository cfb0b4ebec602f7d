using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// What a change of leader does to an employee's conversations, wherever the change comes from
/// (import, HR's edit, a move within a round). Access already follows the employee's current leader;
/// this crypto-shreds what only the former leader may read — their preparation and their evaluation
/// answers — and hands the open conversations to the new leader. Runs inside the caller's transaction.
/// </summary>
public sealed class LeaderChanges(AppDbContext db, ShredJournal journal, TimeProvider time)
{
    private static readonly PartKind[] FormerLeadersOwn = [PartKind.LeaderPreparation, PartKind.LeaderEvaluation];

    public async Task ApplyAsync(int employeeId, int? newLeaderId, CancellationToken cancellationToken = default)
    {
        var formerLeadersOwn = db.ConversationParts
            .Where(p => FormerLeadersOwn.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.EmployeeId == employeeId));
        await journal.ShredAsync(db, formerLeadersOwn, "leader-change", time.GetUtcNow(), cancellationToken);
        if (newLeaderId is { } leaderId)
        {
            await db.Conversations
                .Where(c => c.EmployeeId == employeeId && c.Status == ConversationStatus.Preparing)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.LeaderId, leaderId), cancellationToken);
        }
    }
}
