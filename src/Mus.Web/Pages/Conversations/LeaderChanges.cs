using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// What a change of leader does to an employee's conversations, wherever the change comes from
/// (import, HR's edit, a move within a round). Access already follows the employee's current leader;
/// this crypto-shreds what only the former leader may read — their preparation and their evaluation
/// answers — gives the employee a receipt for it, withdraws the sharing of her open preparations,
/// and hands the open conversations to the new leader. Runs inside the caller's transaction.
/// </summary>
public sealed class LeaderChanges(AppDbContext db, ShredJournal journal, AuditTrail audit, TimeProvider time, MeetingInvitations invitations)
{
    private static readonly PartKind[] FormerLeadersOwn = [PartKind.LeaderPreparation, PartKind.LeaderEvaluation];

    public async Task ApplyAsync(int employeeId, int? newLeaderId, CancellationToken cancellationToken = default)
    {
        var formerLeadersOwn = db.ConversationParts
            .Where(p => FormerLeadersOwn.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.EmployeeId == employeeId));
        // The conversation still names the leader it was held (or prepared) with: that is whose notes these are.
        var leaders = await db.Conversations.Where(c => c.EmployeeId == employeeId).Select(c => new { c.Id, c.LeaderId }).ToDictionaryAsync(c => c.Id, c => c.LeaderId, cancellationToken);
        var now = time.GetUtcNow();
        var destroyed = await journal.ShredAsync(db, formerLeadersOwn, "leader-change", now, cancellationToken);
        foreach (var part in destroyed)
        {
            audit.Record(part.ConversationId, part.Compartment, AuditAction.Destroy);
        }

        db.ShredReceipts.AddRange(destroyed.Select(r => new ShredReceipt
        {
            EmployeeId = employeeId,
            ConversationId = r.ConversationId,
            Compartment = r.Compartment,
            FormerLeaderId = leaders[r.ConversationId],
            ShreddedAt = now,
            Reason = "Receipts.Reason.LeaderChange",
        }));

        // A follow-up meeting ahead was booked with the former leader: called off, in both calendars (the
        // new leader books their own). Saved with the rest, so the mails go only if the change does.
        var booked = await db.Conversations
            .Where(c => c.EmployeeId == employeeId && c.FollowUpMeetingStart != null && c.FollowUpMeetingLeaderId != newLeaderId)
            .ToListAsync(cancellationToken);
        foreach (var conversation in booked.Where(c => c.FollowUpMeetingStart > now))
        {
            await invitations.AddFollowUpAsync(conversation, Infrastructure.Calendar.MeetingCalendar.Cancel);
        }

        await db.SaveChangesAsync(cancellationToken);
        // The employee shared her preparation with the leader she had; a new leader reads it only
        // if she shares it again. (The version stays: the ciphertext is bound to it, and sharing is not content.)
        await db.ConversationParts
            .Where(p => p.Kind == PartKind.EmployeePreparation && p.SharedAt != null
                && db.Conversations.Any(c => c.Id == p.ConversationId && c.EmployeeId == employeeId && c.Status == ConversationStatus.Preparing))
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.SharedAt, (DateTimeOffset?)null), cancellationToken);
        if (newLeaderId is { } leaderId)
        {
            // Open conversations go on with the new leader; held ones stay with the leader they were
            // held with, so the new leader reads their plan and follow-ups only.
            await db.Conversations
                .Where(c => c.EmployeeId == employeeId && c.Status == ConversationStatus.Preparing)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.LeaderId, leaderId), cancellationToken);
        }
    }
}
