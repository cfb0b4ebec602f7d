using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Puts a calendar invitation (or its cancellation) for a scheduled conversation in the outbox for
/// both parties, each in their own language, saved with the caller's change. The mail says when,
/// where and how long, and links to the person's own preparation; nothing more.
/// </summary>
public sealed class MeetingInvitations(AppDbContext db, PublicAddress publicAddress, MailOptions mail, IStringLocalizer<Text> text, TimeProvider time)
{
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

        var ids = new[] { conversation.EmployeeId, conversation.LeaderId };
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Name, p.Email, p.Language });
        var employee = people[conversation.EmployeeId];
        var leader = people[conversation.LeaderId];
        var now = time.GetUtcNow();
        var link = publicAddress.Page("/Preparation/Edit", new { id = conversation.Id });
        var page = new Uri(publicAddress.Page("/Conversations/Guide", new { id = conversation.Id }));
        foreach (var (recipient, other) in new[] { (employee, leader), (leader, employee) })
        {
            var culture = LocalizationRegistration.CultureOf(recipient.Language);
            var outgoingMail = LocalizationRegistration.In(culture, () =>
            {
                var cancelled = method == MeetingCalendar.Cancel;
                var moved = !cancelled && conversation.CalendarSequence > 0;
                var title = text["Invite.Title", employee.Name, leader.Name].Value;
                var subject = text[cancelled ? "Invite.Cancelled.Subject" : moved ? "Invite.Moved.Subject" : "Invite.Subject", other.Name].Value;
                var when = DanishTime.ToLocal(start).ToString("f", culture);
                var body = cancelled
                    ? text["Invite.Cancelled.Body", other.Name, when].Value
                    : text["Invite.Body", other.Name, when, conversation.ScheduledMinutes, conversation.Location ?? "", link].Value;
                var description = text["Invite.Description", employee.Name, leader.Name, link].Value;
                var meeting = new MeetingCalendar.Meeting(uid, conversation.CalendarSequence, start, conversation.ScheduledMinutes, conversation.Location ?? "", title, description, page,
                    new MeetingCalendar.Party(mail.FromName, mail.From), new MeetingCalendar.Party(leader.Name, leader.Email), new MeetingCalendar.Party(employee.Name, employee.Email));
                var outgoing = OutboxMail.Create(recipient.Email, subject, body, culture.TwoLetterISOLanguageName, cancelled ? "meeting-cancelled" : "meeting-invitation", now.UtcDateTime, publicAddress.BaseAddress.Host);
                outgoing.Calendar = MeetingCalendar.Write(meeting, method, now);
                outgoing.CalendarMethod = method;
                outgoing.RoundId = conversation.RoundId;
                return outgoing;
            });
            db.OutboxMails.Add(outgoingMail);
        }
    }
}
