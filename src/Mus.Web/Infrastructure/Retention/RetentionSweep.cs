using Microsoft.Extensions.Options;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Infrastructure.Retention;

/// <summary>
/// Shreds what is past its retention period and deletes audit rows past theirs (the one place that
/// ever deletes audit rows), and forgets old counts of wrong passwords. Every step is an idempotent delete, so running it twice, or on two
/// instances at the same moment, does no harm.
/// </summary>
public sealed class RetentionSweep(AppDbContext db, ShredJournal journal, AuditTrail audit, IOptions<RetentionOptions> options)
{
    public sealed record Result(int Compartments, int AuditRows, int SignInThrottles = 0);

    public async Task<Result> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var months = options.Value;
        var periods = new Dictionary<PartKind, int>
        {
            [PartKind.EmployeePreparation] = months.PreparationMonths,
            [PartKind.LeaderPreparation] = months.PreparationMonths,
            [PartKind.SharedNotes] = months.SharedNotesMonths,
            [PartKind.EmployeeEvaluation] = months.EvaluationMonths,
            [PartKind.LeaderEvaluation] = months.EvaluationMonths,
            [PartKind.Plan] = months.PlanMonths,
            [PartKind.FollowUps] = months.FollowUpsMonths,
            [PartKind.Forwarded] = months.ForwardedMonths,
        };

        // Dates are compared here rather than in SQL: SQLite cannot compare DateTimeOffset values.
        var compartments = await db.ConversationParts.AsNoTracking()
            .Select(p => new { p.Id, p.ConversationId, p.Kind, Held = db.Conversations.Where(c => c.Id == p.ConversationId).Select(c => c.HeldAt ?? c.CreatedAt).Single() })
            .ToListAsync(cancellationToken);
        var expired = compartments.Where(p => p.Held.AddMonths(periods[p.Kind]) < now).ToList();
        var ids = expired.Select(p => p.Id).ToList();
        var destroyed = await journal.ShredAsync(db, db.ConversationParts.Where(p => ids.Contains(p.Id)), "retention", now, cancellationToken);
        foreach (var part in destroyed)
        {
            audit.Record(part.ConversationId, part.Compartment, AuditAction.Destroy);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Counts of wrong passwords a day old are forgotten anyway (SignInGuard.ForgetAfter); their rows go too.
        var forgotten = now.UtcDateTime - Auth.SignInGuard.ForgetAfter;
        var throttles = await db.SignInThrottles.Where(t => t.LastFailureAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        return new Result(destroyed.Count, await DeleteOldAuditRowsAsync(now, months, cancellationToken), throttles);
    }

    private async Task<int> DeleteOldAuditRowsAsync(DateTimeOffset now, RetentionOptions months, CancellationToken cancellationToken)
    {
        if (months.AuditPurgeFunction is { Length: > 0 } function)
        {
            // The name comes from configuration: only a plain identifier is ever put into SQL.
            if (!System.Text.RegularExpressions.Regex.IsMatch(function, "^[a-z_][a-z0-9_]*$"))
            {
                throw new InvalidOperationException("Retention:AuditPurgeFunction must be a plain lower-case function name.");
            }

            var sql = "SELECT " + function + "({0}) AS \"Value\"";
            return await db.Database.SqlQueryRaw<int>(sql, months.AuditMonths).SingleAsync(cancellationToken);
        }

        var auditRows = await db.AuditEntries.AsNoTracking().Select(e => new { e.Id, e.At }).ToListAsync(cancellationToken);
        var oldRows = auditRows.Where(e => e.At.AddMonths(months.AuditMonths) < now).Select(e => e.Id).ToList();
        var deleted = 0;
        foreach (var batch in oldRows.Chunk(500))
        {
            deleted += await db.AuditEntries.Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }
}
