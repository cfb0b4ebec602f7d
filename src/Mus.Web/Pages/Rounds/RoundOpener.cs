using Mus.Web.Infrastructure.Email;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// Opens a round: the round, its units (with their sub-units) and one conversation per employee
/// in scope who has a leader, all in one transaction. The conversations are created by a single
/// INSERT … SELECT, so 25,000 employees cost one statement, not 25,000. The invitations go into the
/// outbox in the same transaction (<see cref="RoundOpeningMails"/>): a round is never open without them.
/// </summary>
public sealed class RoundOpener(AppDbContext db, TimeProvider time, RoundOpeningMails invitations, OutboxDispatcher dispatcher)
{
    /// <param name="Invite">False only for the demo's rounds, which were opened before the demo begins.</param>
    public sealed record Request(
        string Name, int Year, int TemplateVersionId, string? FocusText, IReadOnlyCollection<int> UnitIds, DateOnly PreparationDeadline, DateOnly ConversationDeadline,
        string? Orientation = null, bool Mandatory = false, int[]? PreparationReminderDays = null, int[]? SchedulingReminderDays = null, bool Invite = true);

    public sealed record Opened(int RoundId, int Conversations, int Mails);

    public async Task<Opened> OpenAsync(Request request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        Round.CheckDates(request.PreparationDeadline, request.ConversationDeadline, DateOnly.FromDateTime(now.UtcDateTime));
        var templatePublished = await db.TemplateVersions.AnyAsync(v => v.Id == request.TemplateVersionId && v.PublishedAt != null, cancellationToken);
        if (!templatePublished)
        {
            throw new DomainException("Rounds.Error.UnknownTemplate");
        }

        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToListAsync(cancellationToken);
        if (request.UnitIds.Count == 0 || request.UnitIds.Any(id => units.All(u => u.Id != id)))
        {
            throw new DomainException("Rounds.Error.UnknownUnit");
        }

        var childrenOf = units.ToLookup(u => u.ParentId, u => u.Id);
        var inScope = new HashSet<int>();
        var pending = new Stack<int>(request.UnitIds);
        while (pending.TryPop(out var unitId))
        {
            if (inScope.Add(unitId))
            {
                foreach (var child in childrenOf[unitId])
                {
                    pending.Push(child);
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var round = new Round
        {
            Name = request.Name.Trim(),
            Year = request.Year,
            TemplateVersionId = request.TemplateVersionId,
            FocusText = string.IsNullOrWhiteSpace(request.FocusText) ? null : request.FocusText.Trim(),
            Orientation = string.IsNullOrWhiteSpace(request.Orientation) ? null : request.Orientation.Trim(),
            Mandatory = request.Mandatory,
            PreparationReminderDays = request.PreparationReminderDays ?? [.. Round.DefaultPreparationReminderDays],
            SchedulingReminderDays = request.SchedulingReminderDays ?? [.. Round.DefaultSchedulingReminderDays],
            PreparationDeadline = request.PreparationDeadline,
            ConversationDeadline = request.ConversationDeadline,
            OpenedAt = now,
        };
        round.Units.AddRange(inScope.Select(id => new RoundUnit { OrgUnitId = id }));
        db.Rounds.Add(round);
        await db.SaveChangesAsync(cancellationToken);

        var preparing = nameof(ConversationStatus.Preparing);
        var created = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "Conversations" ("RoundId", "EmployeeId", "LeaderId", "TemplateVersionId", "Status", "CreatedAt", "ScheduledMinutes", "CalendarSequence", "Version", "UnitIdAtRound", "JobGroupIdAtRound")
            SELECT {round.Id}, p."Id", p."LeaderId", {round.TemplateVersionId}, {preparing}, {now}, {Conversation.DefaultMinutes}, 0, 0, p."OrgUnitId", p."JobGroupId"
            FROM "People" AS p
            WHERE p."LeaderId" IS NOT NULL
              AND p."OrgUnitId" IN (SELECT u."OrgUnitId" FROM "RoundUnits" AS u WHERE u."RoundId" = {round.Id})
            """,
            cancellationToken);
        var mails = request.Invite ? await invitations.AddAsync(round, now, cancellationToken) : 0;
        await transaction.CommitAsync(cancellationToken);
        if (mails > 0)
        {
            dispatcher.Nudge();
        }

        return new Opened(round.Id, created, mails);
    }
}
