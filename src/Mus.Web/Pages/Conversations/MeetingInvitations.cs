using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Puts a calendar invitation (or its cancellation) for a scheduled conversation, or for a follow-up
/// meeting (mini-MUS) on its plan, in the outbox for both parties, each in their own language, saved with
/// the caller's change. The mail says when, where and how long, and links to the page to prepare on;
/// nothing more.
/// </summary>
public sealed class MeetingInvitations(AppDbContext db, PublicAddress publicAddress, MailOptions mail, IStringLocalizer<Text> text, TimeProvider time)
{
    /// <summary>One meeting as the mails describe it: which texts, which page, which calendar event.</summary>
    private sealed record Booking(Guid Uid, int Sequence, DateTimeOffset Start, int Minutes, string Location, string Texts, string Page, string PreparePage, string Kind);

    /// <summary>The conversation itself.</summary>
    public async Task AddAsync(Conversation conversation, string method)
    {
        if (conversation.ScheduledStart is not { } start || conversation.CalendarUid is not { } uid)
        {
            return;
        }

        if (method == MeetingCalendar.Cancel)
        {
            conversation.CancelMeeting();
        }

        await AddAsync(conversation, conversation.LeaderId, method, new Booking(uid, conversation.CalendarSequence, start, conversation.ScheduledMinutes, conversation.Location ?? "",
            "Invite", "/Conversations/Guide", "/Conversations/Preparation/Index", "meeting"));
    }

    /// <summary>
    /// The follow-up meeting booked on the plan, with the employee's leader now; a cancellation goes to the
    /// leader it was booked with (after a change of leader, the former one) and clears the booking.
    /// </summary>
    public async Task AddFollowUpAsync(Conversation conversation, string method)
    {
        if (method == MeetingCalendar.Cancel)
        {
            conversation.CancelFollowUpMeeting(time.GetUtcNow());
        }

        if (conversation.FollowUpMeetingStart is not { } start || conversation.FollowUpCalendarUid is not { } uid)
        {
            return;
        }

        // The plan is followed up with the employee's leader now, who may not be the one who held the conversation.
        var leaderId = (method == MeetingCalendar.Cancel ? conversation.FollowUpMeetingLeaderId : null)
            ?? await db.People.Where(p => p.Id == conversation.EmployeeId).Select(p => p.LeaderId).SingleAsync()
            ?? conversation.LeaderId;
        await AddAsync(conversation, leaderId, method, new Booking(uid, conversation.FollowUpCalendarSequence, start, conversation.FollowUpMeetingMinutes, conversation.FollowUpMeetingLocation ?? "",
            "FollowUpInvite", "/Conversations/FollowUps/Index", "/Conversations/FollowUps/Index", "follow-up"));
        if (method == MeetingCalendar.Cancel)
        {
            conversation.ClearFollowUpMeeting();
        }
    }

    private async Task AddAsync(Conversation conversation, int leaderId, string method, Booking booking)
    {
        var ids = new[] { conversation.EmployeeId, leaderId };
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Name, p.Email, p.Language });
        var employee = people[conversation.EmployeeId];
        var leader = people[leaderId];
        var now = time.GetUtcNow();
        var link = publicAddress.Page(booking.PreparePage, new { id = conversation.Id });
        var page = new Uri(publicAddress.Page(booking.Page, new { id = conversation.Id }));
        var cancelled = method == MeetingCalendar.Cancel;
        var moved = !cancelled && booking.Sequence > 0;
        foreach (var (recipient, other) in new[] { (employee, leader), (leader, employee) })
        {
            var culture = LocalizationRegistration.CultureOf(recipient.Language);
            var outgoingMail = LocalizationRegistration.In(culture, () =>
            {
                var title = text[$"{booking.Texts}.Title", employee.Name, leader.Name].Value;
                var subject = text[$"{booking.Texts}.{(cancelled ? "Cancelled.Subject" : moved ? "Moved.Subject" : "Subject")}", other.Name].Value;
                var when = DanishTime.ToLocal(booking.Start).ToString("f", culture);
                var body = cancelled
                    ? text[$"{booking.Texts}.Cancelled.Body", other.Name, when].Value
                    : text[$"{booking.Texts}.Body", other.Name, when, booking.Minutes, booking.Location, link].Value;
                var description = text[$"{booking.Texts}.Description", employee.Name, leader.Name, link].Value;
                var meeting = new MeetingCalendar.Meeting(booking.Uid, booking.Sequence, booking.Start, booking.Minutes, booking.Location, title, description, page,
                    new MeetingCalendar.Party(mail.FromName, mail.From), new MeetingCalendar.Party(leader.Name, leader.Email), new MeetingCalendar.Party(employee.Name, employee.Email));
                var outgoing = OutboxMail.Create(recipient.Email, subject, body, culture.TwoLetterISOLanguageName, $"{booking.Kind}-{(cancelled ? "cancelled" : "invitation")}", now.UtcDateTime, publicAddress.BaseAddress.Host);
                outgoing.Calendar = MeetingCalendar.Write(meeting, method, now);
                outgoing.CalendarMethod = method;
                outgoing.RoundId = conversation.RoundId;
                return outgoing;
            });
            db.OutboxMails.Add(outgoingMail);
        }
    }
}
