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
/// Finds who should be reminded today and puts one mail per person in the outbox, listing what they
/// have to do: a preparation not marked ready as its deadline nears (employee and leader alike, at
/// each of the round's <see cref="Round.PreparationReminderDays"/>), and a conversation without a time
/// as the conversation deadline nears (the leader, at the round's <see cref="Round.SchedulingReminderDays"/>).
/// A declined or excused conversation is not open, so nobody is reminded of it. Nobody is reminded of what is done, and nobody
/// twice at one offset: each reminder is recorded under a unique key in the same transaction as its
/// mail. A round that opens late gets only the nearest offset, not all of them at once.
/// </summary>
public sealed class ReminderScan(AppDbContext db, PublicAddress publicAddress, IStringLocalizer<Text> text, OutboxDispatcher dispatcher, ILogger<ReminderScan> logger)
{
    public const string Preparation = "preparation";
    public const string Scheduling = "scheduling";

    private sealed record Due(int ConversationId, int RoundId, int PersonId, string Kind, int OffsetDays, DateOnly Date, string Other);

    /// <summary>Reminds whoever is due on the Danish date of <paramref name="now"/>; returns the number of mails.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(DanishTime.ToLocal(now));
        // Each round has its own days (HR sets them); only rounds with a deadline within reach are read.
        var furthest = today.AddDays(ReminderDays.Furthest);
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.PreparationDeadline >= today && r.PreparationDeadline <= furthest || r.ConversationDeadline >= today && r.ConversationDeadline <= furthest)
            .Select(r => new { r.Id, r.PreparationReminderDays, r.SchedulingReminderDays })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var roundIds = rounds.Keys.ToList();
        var open = await db.Conversations.AsNoTracking()
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

        var due = new List<Due>();
        foreach (var c in open)
        {
            var round = rounds[c.RoundId];
            if (Offset(round.PreparationReminderDays, today, c.PreparationDeadline) is { } preparationOffset)
            {
                if (!c.EmployeeReady)
                {
                    due.Add(new Due(c.Id, c.RoundId, c.EmployeeId, Preparation, preparationOffset, c.PreparationDeadline, c.Leader));
                }

                if (!c.LeaderReady)
                {
                    due.Add(new Due(c.Id, c.RoundId, c.LeaderId, Preparation, preparationOffset, c.PreparationDeadline, c.Employee));
                }
            }

            if (!c.Scheduled && Offset(round.SchedulingReminderDays, today, c.ConversationDeadline) is { } schedulingOffset)
            {
                due.Add(new Due(c.Id, c.RoundId, c.LeaderId, Scheduling, schedulingOffset, c.ConversationDeadline, c.Employee));
            }
        }

        var ids = due.Select(d => d.ConversationId).Distinct().ToList();
        var sent = (await db.SentReminders.AsNoTracking().Where(r => ids.Contains(r.ConversationId)).Select(r => new { r.ConversationId, r.PersonId, r.Kind, r.OffsetDays }).ToListAsync(cancellationToken))
            .Select(r => (r.ConversationId, r.PersonId, r.Kind, r.OffsetDays)).ToHashSet();
        var waiting = due.Where(d => !sent.Contains((d.ConversationId, d.PersonId, d.Kind, d.OffsetDays))).GroupBy(d => d.PersonId).ToList();
        var personIds = waiting.Select(p => p.Key).ToList();
        var recipients = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (p.Email, p.Language), cancellationToken);
        var mails = 0;
        foreach (var person in waiting)
        {
            if (await RemindAsync(person.Key, recipients[person.Key], [.. person], now, cancellationToken))
            {
                mails++;
            }
        }

        if (mails > 0)
        {
            dispatcher.Nudge();
        }

        logger.LogInformation("Reminder scan: {Mails} reminder mails", mails);
        return mails;
    }

    /// <summary>The offset this date falls under today (the nearest one at or beyond the days left), or null when none does.</summary>
    private static int? Offset(IReadOnlyCollection<int> offsets, DateOnly today, DateOnly date)
    {
        var daysLeft = date.DayNumber - today.DayNumber;
        return daysLeft < 0 ? null : offsets.Where(d => d >= daysLeft).Order().Cast<int?>().FirstOrDefault();
    }

    private async Task<bool> RemindAsync(int personId, (string Email, string Language) person, IReadOnlyList<Due> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var culture = LocalizationRegistration.CultureOf(person.Language);
        var mail = LocalizationRegistration.In(culture, () =>
        {
            var lines = items.OrderBy(i => i.Date).Select(i => text[i.Kind == Preparation ? "Reminder.Preparation" : "Reminder.Scheduling", i.Other, i.Date.ToString("D", culture)].Value
                + "\n" + publicAddress.Page(i.Kind == Preparation ? "/Preparation/Edit" : "/Conversations/Schedule", new { id = i.ConversationId }));
            var body = text["Reminder.Body", string.Join("\n\n", lines)].Value;
            return OutboxMail.Create(person.Email, text["Reminder.Subject"].Value, body, culture.TwoLetterISOLanguageName, "reminder", now.UtcDateTime, publicAddress.BaseAddress.Host);
        });
        // One mail may remind of conversations in several rounds; it belongs to a round only when all are in one.
        mail.RoundId = items.Select(i => i.RoundId).Distinct().Count() == 1 ? items[0].RoundId : null;
        db.OutboxMails.Add(mail);
        db.SentReminders.AddRange(items.Select(i => new SentReminder { ConversationId = i.ConversationId, PersonId = personId, Kind = i.Kind, OffsetDays = i.OffsetDays, SentAt = now.UtcDateTime }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance reminded this person of one of these at the same moment: theirs stands, this mail goes nowhere.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
