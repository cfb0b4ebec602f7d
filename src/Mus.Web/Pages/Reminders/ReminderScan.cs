using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Reminders;

/// <summary>
/// Finds who should be reminded and puts one mail per person in the outbox, listing what they have
/// to do: a preparation not marked ready as its deadline nears (employee and leader alike, at each of
/// the round's <see cref="Round.PreparationReminderDays"/>), a conversation without a time as the
/// conversation deadline nears (the leader, at the round's <see cref="Round.SchedulingReminderDays"/>),
/// a follow-up date coming up (<see cref="FollowUpDays"/> before), and an action whose deadline has
/// just passed while it is still open. The plan's dates are read from the conversation
/// (<see cref="Conversation.NextFollowUpOn"/>), so no plan is opened here.
/// <para>
/// Nobody is reminded of what is done, and nobody twice: each reminder is recorded under a unique key
/// (conversation, person, kind, date, offset) in the same transaction as its mail. A person who chose
/// the weekly digest gets nothing on other days and, on Mondays, one mail with everything that falls
/// due in the seven days ahead.
/// </para>
/// </summary>
public sealed class ReminderScan(AppDbContext db, PublicAddress publicAddress, IStringLocalizer<Text> text, OutboxDispatcher dispatcher, ILogger<ReminderScan> logger)
{
    public const string Preparation = "preparation";
    public const string Scheduling = "scheduling";
    public const string FollowUp = "follow-up";
    public const string ActionDeadline = "action-deadline";

    /// <summary>Days before a follow-up date that both are reminded of it.</summary>
    public const int FollowUpDays = 3;

    /// <summary>An action whose deadline passed longer ago than this is not brought up again (it is on the leader's agenda).</summary>
    public const int ActionDeadlineDays = 7;

    /// <summary>People reminded per transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>How far a digest looks ahead, from its day.</summary>
    public const int DigestDays = 7;

    private sealed record Due(int ConversationId, int RoundId, int PersonId, string Kind, int OffsetDays, DateOnly Date, string Other);

    private sealed record Open(int Id, int RoundId, int EmployeeId, int LeaderId, string Employee, string Leader, DateOnly PreparationDeadline, DateOnly ConversationDeadline,
        bool Scheduled, bool EmployeeReady, bool LeaderReady, int[] PreparationDays, int[] SchedulingDays);

    private sealed record Held(int Id, int RoundId, int EmployeeId, int LeaderId, string Employee, string Leader, DateOnly? NextFollowUpOn, DateOnly? OpenActionDeadline);

    /// <summary>Reminds whoever is due on the Danish date of <paramref name="now"/>; returns the number of mails.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(DanishTime.ToLocal(now));
        var digestDay = today.DayOfWeek == DayOfWeek.Monday;
        var lastDay = today.AddDays(digestDay ? DigestDays - 1 : 0);
        var open = await OpenAsync(today, lastDay, cancellationToken);
        var held = await HeldAsync(today, lastDay, cancellationToken);

        // Everything due today, and on a Monday everything due until Sunday (only digest readers get the latter).
        var dueToday = DueOn(today, open, held).ToList();
        var dueThisWeek = digestDay ? Enumerable.Range(0, DigestDays).SelectMany(d => DueOn(today.AddDays(d), open, held)).ToList() : [];
        var personIds = dueToday.Concat(dueThisWeek).Select(d => d.PersonId).Distinct().ToList();
        var recipients = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Email, p.Language, p.WeeklyDigest), cancellationToken);
        var due = dueToday.Where(d => !recipients[d.PersonId].WeeklyDigest)
            .Concat(dueThisWeek.Where(d => recipients[d.PersonId].WeeklyDigest))
            .DistinctBy(d => (d.ConversationId, d.PersonId, d.Kind, d.Date, d.OffsetDays))
            .ToList();

        var ids = due.Select(d => d.ConversationId).Distinct().ToList();
        var sent = (await db.SentReminders.AsNoTracking().Where(r => ids.Contains(r.ConversationId)).Select(r => new { r.ConversationId, r.PersonId, r.Kind, r.ForDate, r.OffsetDays }).ToListAsync(cancellationToken))
            .Select(r => (r.ConversationId, r.PersonId, r.Kind, r.ForDate, r.OffsetDays)).ToHashSet();
        var mails = 0;
        var people = due.Where(d => !sent.Contains((d.ConversationId, d.PersonId, d.Kind, d.Date, d.OffsetDays))).GroupBy(d => d.PersonId).ToList();
        // Saved a batch of people at a time (25,000 single saves would take minutes); a batch that meets
        // another instance's reminder is done again person by person, so only that one person is skipped.
        foreach (var batch in people.Chunk(BatchSize))
        {
            foreach (var person in batch)
            {
                Stage(person.Key, recipients[person.Key], [.. person], now);
            }

            if (await SaveAsync(cancellationToken))
            {
                mails += batch.Length;
                continue;
            }

            foreach (var person in batch)
            {
                Stage(person.Key, recipients[person.Key], [.. person], now);
                mails += await SaveAsync(cancellationToken) ? 1 : 0;
            }
        }

        if (mails > 0)
        {
            dispatcher.Nudge();
        }

        logger.LogInformation("Reminder scan: {Mails} reminder mails", mails);
        return mails;
    }

    /// <summary>Open conversations in rounds with a deadline within reach of the days scanned.</summary>
    private async Task<List<Open>> OpenAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var furthest = lastDay.AddDays(ReminderDays.Furthest);
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.PreparationDeadline >= firstDay && r.PreparationDeadline <= furthest || r.ConversationDeadline >= firstDay && r.ConversationDeadline <= furthest)
            .Select(r => new { r.Id, r.PreparationReminderDays, r.SchedulingReminderDays })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var roundIds = rounds.Keys.ToList();
        var rows = await db.Conversations.AsNoTracking()
            .Where(c => roundIds.Contains(c.RoundId) && c.Status == ConversationStatus.Preparing)
            .Select(c => new
            {
                c.Id,
                c.RoundId,
                c.EmployeeId,
                c.LeaderId,
                Employee = c.Employee!.Name,
                Leader = c.Leader!.Name,
                c.Round!.PreparationDeadline,
                c.Round.ConversationDeadline,
                Scheduled = c.ScheduledStart != null,
                EmployeeReady = c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                LeaderReady = c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.ReadyAt != null),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(c => new Open(c.Id, c.RoundId, c.EmployeeId, c.LeaderId, c.Employee, c.Leader, c.PreparationDeadline, c.ConversationDeadline,
            c.Scheduled, c.EmployeeReady, c.LeaderReady, rounds[c.RoundId].PreparationReminderDays, rounds[c.RoundId].SchedulingReminderDays))];
    }

    /// <summary>Held conversations with a follow-up coming up or an action deadline just passed; the plan's party is the employee's current leader.</summary>
    private async Task<List<Held>> HeldAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var followUpsUntil = lastDay.AddDays(FollowUpDays);
        var deadlinesFrom = firstDay.AddDays(-ActionDeadlineDays);
        return await db.Conversations.AsNoTracking()
            .Where(c => c.Status == ConversationStatus.Held
                && (c.NextFollowUpOn >= firstDay && c.NextFollowUpOn <= followUpsUntil || c.OpenActionDeadline >= deadlinesFrom && c.OpenActionDeadline < lastDay))
            .Select(c => new Held(c.Id, c.RoundId, c.EmployeeId, c.Employee!.LeaderId ?? c.LeaderId, c.Employee.Name,
                c.Employee.LeaderId != null ? c.Employee.Leader!.Name : c.Leader!.Name, c.NextFollowUpOn, c.OpenActionDeadline))
            .ToListAsync(cancellationToken);
    }

    private static IEnumerable<Due> DueOn(DateOnly day, List<Open> open, List<Held> held)
    {
        foreach (var c in open)
        {
            if (Offset(c.PreparationDays, day, c.PreparationDeadline) is { } preparationOffset)
            {
                if (!c.EmployeeReady)
                {
                    yield return new Due(c.Id, c.RoundId, c.EmployeeId, Preparation, preparationOffset, c.PreparationDeadline, c.Leader);
                }

                if (!c.LeaderReady)
                {
                    yield return new Due(c.Id, c.RoundId, c.LeaderId, Preparation, preparationOffset, c.PreparationDeadline, c.Employee);
                }
            }

            if (!c.Scheduled && Offset(c.SchedulingDays, day, c.ConversationDeadline) is { } schedulingOffset)
            {
                yield return new Due(c.Id, c.RoundId, c.LeaderId, Scheduling, schedulingOffset, c.ConversationDeadline, c.Employee);
            }
        }

        foreach (var c in held)
        {
            if (c.NextFollowUpOn is { } on && Offset([FollowUpDays], day, on) is { } followUpOffset)
            {
                yield return new Due(c.Id, c.RoundId, c.EmployeeId, FollowUp, followUpOffset, on, c.Leader);
                yield return new Due(c.Id, c.RoundId, c.LeaderId, FollowUp, followUpOffset, on, c.Employee);
            }

            // From the day after the deadline, for a week, until each of them has been told once.
            if (c.OpenActionDeadline is { } by && by < day && by >= day.AddDays(-ActionDeadlineDays))
            {
                yield return new Due(c.Id, c.RoundId, c.EmployeeId, ActionDeadline, 0, by, c.Leader);
                yield return new Due(c.Id, c.RoundId, c.LeaderId, ActionDeadline, 0, by, c.Employee);
            }
        }
    }

    /// <summary>The offset this date falls under on <paramref name="day"/> (the nearest one at or beyond the days left), or null when none does.</summary>
    private static int? Offset(IReadOnlyCollection<int> offsets, DateOnly day, DateOnly date)
    {
        var daysLeft = date.DayNumber - day.DayNumber;
        return daysLeft < 0 ? null : offsets.Where(d => d >= daysLeft).Order().Cast<int?>().FirstOrDefault();
    }

    private (string TextKey, string Page) Line(Due item) => item.Kind switch
    {
        Preparation => ("Reminder.Preparation", publicAddress.Page("/Preparation/Edit", new { id = item.ConversationId })),
        Scheduling => ("Reminder.Scheduling", publicAddress.Page("/Conversations/Schedule", new { id = item.ConversationId })),
        FollowUp => ("Reminder.FollowUp", publicAddress.Page("/FollowUps/Index", new { id = item.ConversationId })),
        _ => ("Reminder.ActionDeadline", publicAddress.Page("/Plans/Edit", new { id = item.ConversationId })),
    };

    /// <summary>Adds one person's mail and the records of what it reminds of, to be saved with the batch.</summary>
    private void Stage(int personId, (string Email, string Language, bool WeeklyDigest) person, IReadOnlyList<Due> items, DateTimeOffset now)
    {
        var culture = LocalizationRegistration.CultureOf(person.Language);
        var digest = person.WeeklyDigest;
        var mail = LocalizationRegistration.In(culture, () =>
        {
            var lines = items.OrderBy(i => i.Date).ThenBy(i => i.Kind, StringComparer.Ordinal).Select(i =>
            {
                var (key, page) = Line(i);
                return text[key, i.Other, i.Date.ToString("D", culture)].Value + "\n" + page;
            });
            var body = text[digest ? "Reminder.DigestBody" : "Reminder.Body", string.Join("\n\n", lines), publicAddress.Page("/Profile/Reminders")].Value;
            return OutboxMail.Create(person.Email, text[digest ? "Reminder.DigestSubject" : "Reminder.Subject"].Value, body, culture.TwoLetterISOLanguageName,
                digest ? "reminder-digest" : "reminder", now.UtcDateTime, publicAddress.BaseAddress.Host);
        });
        // One mail may remind of conversations in several rounds; it belongs to a round only when all are in one.
        mail.RoundId = items.Select(i => i.RoundId).Distinct().Count() == 1 ? items[0].RoundId : null;
        db.OutboxMails.Add(mail);
        db.SentReminders.AddRange(items.Select(i => new SentReminder
        {
            ConversationId = i.ConversationId,
            PersonId = personId,
            Kind = i.Kind,
            ForDate = i.Date,
            OffsetDays = i.OffsetDays,
            SentAt = now.UtcDateTime,
        }));
    }

    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance reminded someone of one of these at the same moment: theirs stands, these mails go nowhere.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
