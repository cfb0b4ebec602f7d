using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Infrastructure.Reminders;

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
public sealed class ReminderScan(AppDbContext db, PublicAddress publicAddress, UnsubscribeLinks unsubscribe, IStringLocalizer<Text> text, OutboxDispatcher dispatcher, Telemetry.MusMetrics metrics, ILogger<ReminderScan> logger)
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

    private sealed record Due(int ConversationId, int RoundId, Recipient Person, string Kind, int OffsetDays, DateOnly Date, string Other)
    {
        public int PersonId => Person.Id;
    }

    /// <summary>Whom a mail goes to, read with the conversations (a list of 25,000 ids in a query costs seconds).</summary>
    private sealed record Recipient(int Id, string Name, string Email, string Language, bool WeeklyDigest, bool Off);

    private sealed record Open(int Id, int RoundId, Recipient Employee, Recipient Leader, DateOnly PreparationDeadline, DateOnly ConversationDeadline,
        bool Scheduled, bool EmployeeReady, bool LeaderReady, int[] PreparationDays, int[] SchedulingDays);

    private sealed record Held(int Id, int RoundId, Recipient Employee, Recipient Leader, DateOnly? NextFollowUpOn, DateOnly? OpenActionDeadline);

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
        var due = dueToday.Where(d => !d.Person.WeeklyDigest && !d.Person.Off)
            .Concat(dueThisWeek.Where(d => d.Person.WeeklyDigest && !d.Person.Off))
            .DistinctBy(d => (d.ConversationId, d.PersonId, d.Kind, d.Date, d.OffsetDays))
            .ToList();

        // What was already sent, by the dates reminders can be about on these days (an index range, not a list of ids).
        var firstDate = today.AddDays(-ActionDeadlineDays);
        var lastDate = lastDay.AddDays(ReminderDays.Furthest);
        var sent = (await db.SentReminders.AsNoTracking().Where(r => r.ForDate >= firstDate && r.ForDate <= lastDate)
                .Select(r => new { r.ConversationId, r.PersonId, r.Kind, r.ForDate, r.OffsetDays }).ToListAsync(cancellationToken))
            .Select(r => (r.ConversationId, r.PersonId, r.Kind, r.ForDate, r.OffsetDays)).ToHashSet();
        var mails = 0;
        var lines = new Lines(publicAddress);
        var people = due.Where(d => !sent.Contains((d.ConversationId, d.PersonId, d.Kind, d.Date, d.OffsetDays))).GroupBy(d => d.PersonId).ToList();
        // Written a batch of people at a time with plain commands (through the change tracker, 25,000
        // mails took about two seconds more); a batch that meets another instance's reminder is written again person
        // by person, so that only that person is left to the other instance.
        foreach (var batch in people.Chunk(BatchSize))
        {
            var reminders = batch.Select(person => Compose(person.First().Person, [.. person], lines, now)).ToList();
            if (await WriteAsync(reminders, cancellationToken))
            {
                mails += reminders.Count;
                continue;
            }

            foreach (var reminder in reminders)
            {
                mails += await WriteAsync([reminder], cancellationToken) ? 1 : 0;
            }
        }

        if (mails > 0)
        {
            dispatcher.Nudge();
        }

        logger.LogInformation("Reminder scan: {Mails} reminder mails", mails);
        metrics.ReminderScan(mails);
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
                Employee = new Recipient(c.EmployeeId, c.Employee!.Name, c.Employee.Email, c.Employee.Language, c.Employee.WeeklyDigest, c.Employee.ReminderMailsOff),
                Leader = new Recipient(c.LeaderId, c.Leader!.Name, c.Leader.Email, c.Leader.Language, c.Leader.WeeklyDigest, c.Leader.ReminderMailsOff),
                c.Round!.PreparationDeadline,
                c.Round.ConversationDeadline,
                Scheduled = c.ScheduledStart != null,
                EmployeeReady = c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                LeaderReady = c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.ReadyAt != null),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(c => new Open(c.Id, c.RoundId, c.Employee, c.Leader, c.PreparationDeadline, c.ConversationDeadline,
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
            .Select(c => new Held(c.Id, c.RoundId,
                new Recipient(c.EmployeeId, c.Employee!.Name, c.Employee.Email, c.Employee.Language, c.Employee.WeeklyDigest, c.Employee.ReminderMailsOff),
                c.Employee.LeaderId != null
                    ? new Recipient(c.Employee.Leader!.Id, c.Employee.Leader.Name, c.Employee.Leader.Email, c.Employee.Leader.Language, c.Employee.Leader.WeeklyDigest, c.Employee.Leader.ReminderMailsOff)
                    : new Recipient(c.LeaderId, c.Leader!.Name, c.Leader.Email, c.Leader.Language, c.Leader.WeeklyDigest, c.Leader.ReminderMailsOff),
                c.NextFollowUpOn, c.OpenActionDeadline))
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
                    yield return new Due(c.Id, c.RoundId, c.Employee, Preparation, preparationOffset, c.PreparationDeadline, c.Leader.Name);
                }

                if (!c.LeaderReady)
                {
                    yield return new Due(c.Id, c.RoundId, c.Leader, Preparation, preparationOffset, c.PreparationDeadline, c.Employee.Name);
                }
            }

            if (!c.Scheduled && Offset(c.SchedulingDays, day, c.ConversationDeadline) is { } schedulingOffset)
            {
                yield return new Due(c.Id, c.RoundId, c.Leader, Scheduling, schedulingOffset, c.ConversationDeadline, c.Employee.Name);
            }
        }

        foreach (var c in held)
        {
            if (c.NextFollowUpOn is { } on && Offset([FollowUpDays], day, on) is { } followUpOffset)
            {
                yield return new Due(c.Id, c.RoundId, c.Employee, FollowUp, followUpOffset, on, c.Leader.Name);
                yield return new Due(c.Id, c.RoundId, c.Leader, FollowUp, followUpOffset, on, c.Employee.Name);
            }

            // From the day after the deadline, for a week, until each of them has been told once.
            if (c.OpenActionDeadline is { } by && by < day && by >= day.AddDays(-ActionDeadlineDays))
            {
                yield return new Due(c.Id, c.RoundId, c.Employee, ActionDeadline, 0, by, c.Leader.Name);
                yield return new Due(c.Id, c.RoundId, c.Leader, ActionDeadline, 0, by, c.Employee.Name);
            }
        }
    }

    /// <summary>The offset this date falls under on <paramref name="day"/> (the nearest one at or beyond the days left), or null when none does.</summary>
    private static int? Offset(IReadOnlyCollection<int> offsets, DateOnly day, DateOnly date)
    {
        var daysLeft = date.DayNumber - day.DayNumber;
        return daysLeft < 0 ? null : offsets.Where(d => d >= daysLeft).Order().Cast<int?>().FirstOrDefault();
    }

    /// <summary>The text and page of each kind of reminder; the addresses are worked out once per scan.</summary>
    private sealed class Lines(PublicAddress publicAddress)
    {
        private readonly Func<int, string> preparation = publicAddress.PageForId("/Conversations/Preparation/Index");
        private readonly Func<int, string> scheduling = publicAddress.PageForId("/Conversations/Schedule");
        private readonly Func<int, string> followUps = publicAddress.PageForId("/Conversations/FollowUps/Index");
        private readonly Func<int, string> plan = publicAddress.PageForId("/Conversations/Plans/Index");

        public string Settings { get; } = publicAddress.Page("/Profile/Reminders");

        public (string TextKey, string Page) For(Due item) => item.Kind switch
        {
            Preparation => ("Reminder.Preparation", preparation(item.ConversationId)),
            Scheduling => ("Reminder.Scheduling", scheduling(item.ConversationId)),
            FollowUp => ("Reminder.FollowUp", followUps(item.ConversationId)),
            _ => ("Reminder.ActionDeadline", plan(item.ConversationId)),
        };
    }

    private sealed record Reminder(OutboxMail Mail, IReadOnlyList<SentReminder> Records);

    /// <summary>One person's mail, and the records of what it reminds of.</summary>
    private Reminder Compose(Recipient person, IReadOnlyList<Due> items, Lines lines, DateTimeOffset now)
    {
        var culture = LocalizationRegistration.CultureOf(person.Language);
        var digest = person.WeeklyDigest;
        var mail = LocalizationRegistration.In(culture, () =>
        {
            var paragraphs = items.OrderBy(i => i.Date).ThenBy(i => i.Kind, StringComparer.Ordinal).Select(i =>
            {
                var (key, page) = lines.For(i);
                return text[key, i.Other, i.Date.ToString("D", culture)].Value + "\n" + page;
            });
            var body = text[digest ? "Reminder.DigestBody" : "Reminder.Body", string.Join("\n\n", paragraphs), lines.Settings].Value;
            return OutboxMail.Create(person.Email, text[digest ? "Reminder.DigestSubject" : "Reminder.Subject"].Value, body, culture.TwoLetterISOLanguageName,
                digest ? "reminder-digest" : "reminder", now.UtcDateTime, publicAddress.BaseAddress.Host);
        });
        mail.UnsubscribeUrl = unsubscribe.Link(person.Id);
        // One mail may remind of conversations in several rounds; it belongs to a round only when all are in one.
        mail.RoundId = items.Select(i => i.RoundId).Distinct().Count() == 1 ? items[0].RoundId : null;
        return new Reminder(mail, [.. items.Select(i => new SentReminder
        {
            ConversationId = i.ConversationId, PersonId = person.Id, Kind = i.Kind, ForDate = i.Date, OffsetDays = i.OffsetDays, SentAt = now.UtcDateTime,
        })]);
    }

    /// <summary>Writes the mails and records in one transaction; false (and nothing written) when one of the records was already there.</summary>
    private async Task<bool> WriteAsync(IReadOnlyList<Reminder> reminders, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var record = new PreparedInsert<SentReminder>(db, transaction.GetDbTransaction(),
            nameof(SentReminder.ConversationId), nameof(SentReminder.PersonId), nameof(SentReminder.Kind), nameof(SentReminder.ForDate), nameof(SentReminder.OffsetDays), nameof(SentReminder.SentAt));
        await using var mail = new PreparedInsert<OutboxMail>(db, transaction.GetDbTransaction(), [.. OutboxMail.BulkColumns, nameof(OutboxMail.UnsubscribeUrl)]);
        try
        {
            foreach (var reminder in reminders)
            {
                foreach (var sent in reminder.Records)
                {
                    await record.RunAsync(cancellationToken, sent.ConversationId, sent.PersonId, sent.Kind, sent.ForDate, sent.OffsetDays, sent.SentAt);
                }

                var m = reminder.Mail;
                await mail.RunAsync(cancellationToken, m.To, m.Subject, m.TextBody, m.Language, m.MessageId, m.Purpose, m.RoundId, m.CreatedAt, m.NextAttemptAt, 0, m.UnsubscribeUrl);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException failure)
        {
            // Most likely another instance reminded one of these people at the same moment: theirs stands.
            logger.LogWarning("Reminders for {People} people not written: {Error}", reminders.Count, failure.GetType().Name);
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }
    }
}
