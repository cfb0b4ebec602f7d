namespace Mus.Web.Infrastructure.Reminders;

/// <summary>
/// That one person was reminded of one thing about one conversation, at one offset before its date.
/// Unique, and written with the mail: a second scan – on this instance or another – cannot remind again.
/// </summary>
public class SentReminder
{
    public const int KindMaxLength = 20;

    public long Id { get; set; }

    public int ConversationId { get; set; }

    public int PersonId { get; set; }

    /// <summary>What the reminder was about: <see cref="ReminderScan.Preparation"/>, <see cref="ReminderScan.Scheduling"/>, <see cref="ReminderScan.FollowUp"/> or <see cref="ReminderScan.ActionDeadline"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The date it was about: a deadline, a follow-up date, an action's deadline.</summary>
    public DateOnly ForDate { get; set; }

    /// <summary>Days before the date it was for (7, 2, …).</summary>
    public int OffsetDays { get; set; }

    /// <summary>UTC.</summary>
    public DateTime SentAt { get; set; }
}
