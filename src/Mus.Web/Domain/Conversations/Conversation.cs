namespace Mus.Web.Domain.Conversations;

public enum ConversationStatus
{
    Preparing,
    Held,
    Excused,

    /// <summary>The employee said no thanks (a round is voluntary unless HR made it mandatory); nobody is asked why.</summary>
    Declined,
}

/// <summary>Another kind of conversation the leader can offer instead of the round's (seed 004: senior, leader talent).</summary>
public enum ConversationOffer
{
    Senior,
    LeaderTalent,
}

public enum OfferAnswer
{
    Waiting,
    Accepted,
    Declined,
}

public static class ConversationStatuses
{
    /// <summary>Whether there is (or was) a conversation to write in: not excused by the leader or HR, not declined by the employee.</summary>
    public static bool TakesPlace(this ConversationStatus status) => status is ConversationStatus.Preparing or ConversationStatus.Held;
}

/// <summary>
/// One employee's MUS in one round. The content lives in <see cref="ConversationPart"/> rows, one
/// per compartment, so that each can be protected (and destroyed) on its own.
/// </summary>
public class Conversation : IVersioned
{
    public const int LocationMaxLength = 200;
    public const int DefaultMinutes = 90;

    public int Id { get; set; }

    public int RoundId { get; set; }

    public Round? Round { get; set; }

    public int EmployeeId { get; set; }

    public Person? Employee { get; set; }

    /// <summary>The leader the conversation is held with; follows the employee's current leader.</summary>
    public int LeaderId { get; set; }

    public Person? Leader { get; set; }

    /// <summary>Pinned when the conversation starts: later template versions never change it.</summary>
    public int TemplateVersionId { get; set; }

    public ConversationStatus Status { get; set; }

    /// <summary>Why the employee has no conversation this round: a kind, never free text (see <see cref="ExcuseReason"/>).</summary>
    public ExcuseReason? ExcusedReason { get; set; }

    /// <summary>When the leader recorded that the conversation took place; preparations close then.</summary>
    public DateTimeOffset? HeldAt { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The employee's unit and job group when the conversation was created: a round's figures count
    /// people where they were then, so moving someone later does not change last round's report.
    /// </summary>
    public int? UnitIdAtRound { get; set; }

    public int? JobGroupIdAtRound { get; set; }

    /// <summary>
    /// The leader the conversation was held with: the leader's round summary counts the conversations
    /// they held, and a change of leader afterwards does not move last round's figures.
    /// </summary>
    public int? HeldWithLeaderId { get; private set; }

    public Person? HeldWithLeader { get; private set; }

    /// <summary>When the employee chose that nothing from this conversation counts in statistics; null while it counts.</summary>
    public DateTimeOffset? StatisticsOptOutAt { get; private set; }

    /// <summary>The employee takes this conversation out of every figure (from the next request on), or back in.</summary>
    public void CountInStatistics(bool count, DateTimeOffset now) => StatisticsOptOutAt = count ? null : StatisticsOptOutAt ?? now;

    /// <summary>When the conversation is to be held, as the leader proposed it; null until then.</summary>
    public DateTimeOffset? ScheduledStart { get; private set; }

    public int ScheduledMinutes { get; private set; } = DefaultMinutes;

    public string? Location { get; private set; }

    /// <summary>The calendar event's UID, set at the first scheduling and kept across reschedules so that invitations update one event.</summary>
    public Guid? CalendarUid { get; private set; }

    /// <summary>The iCalendar SEQUENCE: raised on every reschedule.</summary>
    public int CalendarSequence { get; private set; }

    /// <summary>
    /// When both approved the plan as it stands; null while it is being written or amended. A fact
    /// about the plan, not its content, so lists (the leader's, HR's) can show the phase without opening it.
    /// </summary>
    public DateTimeOffset? PlanApprovedAt { get; set; }

    /// <summary>The next follow-up date in the plan in force that has not been held (see <see cref="Plans.PlanDates"/>); null for none.</summary>
    public DateOnly? NextFollowUpOn { get; private set; }

    /// <summary>The earliest deadline of an action still open; null for none.</summary>
    public DateOnly? OpenActionDeadline { get; private set; }

    /// <summary>Keeps the plan's facts (approved, next follow-up, first open deadline) in step with a saved plan or follow-up.</summary>
    public void UpdatePlanFacts(Plans.Plan plan, Plans.FollowUpLog log, DateTimeOffset approvedAt)
    {
        if (PlanApprovedAt.HasValue != plan.IsLocked)
        {
            PlanApprovedAt = plan.IsLocked ? approvedAt : null;
        }

        var dates = Plans.PlanDates.Of(plan, log);
        NextFollowUpOn = dates.NextFollowUp;
        OpenActionDeadline = dates.OpenActionDeadline;
    }

    /// <summary>The kind of conversation the leader offered instead of the round's; null for none.</summary>
    public ConversationOffer? Offer { get; private set; }

    public OfferAnswer? OfferAnswer { get; private set; }

    /// <summary>When the employee said no thanks; null while they take part.</summary>
    public DateTimeOffset? DeclinedAt { get; private set; }

    public List<ConversationPart> Parts { get; } = [];

    public long Version { get; set; }

    /// <summary>The leader proposes (or moves) the time and place; a time already passed is refused.</summary>
    public void Schedule(DateTimeOffset start, int minutes, string location, DateTimeOffset now)
    {
        if (Status != ConversationStatus.Preparing)
        {
            throw new DomainException("Conversations.Error.AlreadyHeld");
        }

        if (start <= now)
        {
            throw new DomainException("Schedule.Error.InThePast");
        }

        if (minutes is < 15 or > 480)
        {
            throw new DomainException("Schedule.Error.Duration");
        }

        RefuseControlCharacters(location);

        if (ScheduledStart is not null)
        {
            CalendarSequence++;
        }

        CalendarUid ??= Guid.NewGuid();

        ScheduledStart = start;
        ScheduledMinutes = minutes;
        Location = location.Trim();
    }

    /// <summary>The follow-up meeting (mini-MUS) the leader booked, while it is ahead or being held; null for none.</summary>
    public DateTimeOffset? FollowUpMeetingStart { get; private set; }

    public int FollowUpMeetingMinutes { get; private set; } = DefaultFollowUpMinutes;

    public string? FollowUpMeetingLocation { get; private set; }

    /// <summary>The follow-up meeting's calendar UID: kept while it is moved, new for the next one.</summary>
    public Guid? FollowUpCalendarUid { get; private set; }

    public int FollowUpCalendarSequence { get; private set; }

    /// <summary>The leader the follow-up meeting was booked with (and invited): the one told when it is called off.</summary>
    public int? FollowUpMeetingLeaderId { get; private set; }

    public const int DefaultFollowUpMinutes = 30;

    /// <summary>
    /// The leader books (or moves) a follow-up meeting on the plan, after the conversation was held. A booking
    /// whose time has passed was held: the next one is a new calendar event, not a move of that one.
    /// </summary>
    public void ScheduleFollowUp(DateTimeOffset start, int minutes, string location, int leaderId, DateTimeOffset now)
    {
        if (Status != ConversationStatus.Held)
        {
            throw new DomainException("FollowUpMeeting.Error.NotHeld");
        }

        if (start <= now)
        {
            throw new DomainException("Schedule.Error.InThePast");
        }

        if (minutes is < 15 or > 240)
        {
            throw new DomainException("FollowUpMeeting.Error.Duration");
        }

        RefuseControlCharacters(location);

        if (FollowUpMeetingStart is { } booked && booked > now)
        {
            FollowUpCalendarSequence++;
        }
        else
        {
            FollowUpCalendarUid = Guid.NewGuid();
            FollowUpCalendarSequence = 0;
        }

        FollowUpMeetingStart = start;
        FollowUpMeetingMinutes = minutes;
        FollowUpMeetingLocation = location.Trim();
        FollowUpMeetingLeaderId = leaderId;
    }

    /// <summary>A place is one line of plain text: it goes into mails and calendar entries as it is.</summary>
    private static void RefuseControlCharacters(string location)
    {
        if (location.Any(char.IsControl))
        {
            throw new DomainException("Schedule.Error.Location");
        }
    }

    /// <summary>The booked follow-up meeting ahead is called off: its cancellation outranks the last invitation (RFC 5546). One held is history.</summary>
    public void CancelFollowUpMeeting(DateTimeOffset now)
    {
        if (FollowUpMeetingStart is not { } start || start <= now)
        {
            throw new DomainException("FollowUpMeeting.Error.NoneBooked");
        }

        FollowUpCalendarSequence++;
    }

    /// <summary>After the cancellation was written: nothing is booked.</summary>
    public void ClearFollowUpMeeting()
    {
        FollowUpMeetingStart = null;
        FollowUpMeetingLocation = null;
    }

    /// <summary>
    /// A cancellation is about to go out: it carries a higher SEQUENCE than the last invitation (RFC 5546),
    /// so every calendar applies it rather than keep the meeting.
    /// </summary>
    public void CancelMeeting()
    {
        if (ScheduledStart is not null)
        {
            CalendarSequence++;
        }
    }

    /// <summary>
    /// The employee says no thanks, without a reason: allowed while the conversation is open, in a
    /// voluntary round, until the conversation deadline. What they prepared stays theirs, in case they take it back.
    /// </summary>
    public void Decline(Round round, DateOnly today, DateTimeOffset now)
    {
        if (round.Mandatory)
        {
            throw new DomainException("Participation.Error.Mandatory");
        }

        if (Status != ConversationStatus.Preparing)
        {
            throw new DomainException(Status == ConversationStatus.Declined ? "Participation.Error.AlreadyDeclined" : "Conversations.Error.NotOpen");
        }

        if (today > round.ConversationDeadline)
        {
            throw new DomainException("Participation.Error.PastDeadline");
        }

        Status = ConversationStatus.Declined;
        DeclinedAt = now;
        // A time already agreed is off (the caller sends the cancellation first); a later time for the
        // same calendar event, should they take it back, must outrank that cancellation.
        if (ScheduledStart is not null)
        {
            ScheduledStart = null;
            Location = null;
            CalendarSequence++;
        }
    }

    /// <summary>The employee takes the no back, until the conversation deadline: the conversation is open again as before.</summary>
    public void TakeBackDecline(Round round, DateOnly today)
    {
        if (Status != ConversationStatus.Declined)
        {
            throw new DomainException("Participation.Error.NotDeclined");
        }

        if (today > round.ConversationDeadline)
        {
            throw new DomainException("Participation.Error.PastDeadline");
        }

        Status = ConversationStatus.Preparing;
        DeclinedAt = null;
    }

    /// <summary>
    /// The leader offers a senior or leader-talent conversation instead. Only before either has begun
    /// to prepare: the questions change with the template, and nobody's answers are left behind.
    /// </summary>
    public void MakeOffer(ConversationOffer offer, bool preparationBegun)
    {
        if (Status != ConversationStatus.Preparing)
        {
            throw new DomainException("Conversations.Error.NotOpen");
        }

        if (OfferAnswer == Conversations.OfferAnswer.Accepted)
        {
            throw new DomainException("Offer.Error.Accepted");
        }

        if (preparationBegun)
        {
            throw new DomainException("Offer.Error.Begun");
        }

        Offer = offer;
        OfferAnswer = Conversations.OfferAnswer.Waiting;
    }

    /// <summary>The leader takes back an offer that has not been answered yes to.</summary>
    public void WithdrawOffer()
    {
        if (Offer is null || OfferAnswer == Conversations.OfferAnswer.Accepted)
        {
            throw new DomainException(Offer is null ? "Offer.Error.None" : "Offer.Error.Accepted");
        }

        Offer = null;
        OfferAnswer = null;
    }

    /// <summary>The employee answers. Yes: the conversation uses <paramref name="templateVersionId"/> (the offered kind) from now on.</summary>
    public void AnswerOffer(bool yes, int templateVersionId, bool preparationBegun)
    {
        if (Offer is null || OfferAnswer != Conversations.OfferAnswer.Waiting)
        {
            throw new DomainException("Offer.Error.None");
        }

        if (Status != ConversationStatus.Preparing)
        {
            throw new DomainException("Conversations.Error.NotOpen");
        }

        if (yes && preparationBegun)
        {
            throw new DomainException("Offer.Error.Begun");
        }

        OfferAnswer = yes ? Conversations.OfferAnswer.Accepted : Conversations.OfferAnswer.Declined;
        if (yes)
        {
            TemplateVersionId = templateVersionId;
        }
    }

    public void Excuse(ExcuseReason reason)
    {
        if (Status == ConversationStatus.Held)
        {
            throw new DomainException("Conversations.Error.AlreadyHeld");
        }

        Status = ConversationStatus.Excused;
        ExcusedReason = reason;
    }

    /// <summary>Records that the conversation took place. Preparation ends; the plan, notes and evaluation go on.</summary>
    public void MarkHeld(DateTimeOffset now)
    {
        if (Status != ConversationStatus.Preparing)
        {
            throw new DomainException("Conversations.Error.NotOpen");
        }

        Status = ConversationStatus.Held;
        HeldAt = now;
        HeldWithLeaderId = LeaderId;
        // A conversation not saved yet has its leader as a reference only.
        HeldWithLeader = Leader;
    }
}
