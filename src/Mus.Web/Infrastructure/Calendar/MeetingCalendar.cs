using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Infrastructure.Calendar;

/// <summary>
/// The iCalendar text of a meeting invitation (RFC 5546): METHOD:REQUEST, or METHOD:CANCEL. MUS is the
/// organizer (its sender address) and both parties are attendees, the leader as chair: Outlook and
/// Exchange treat an invitation whose organizer is the reader as that person's own meeting sent back to
/// them, so nobody is sent their own REQUEST; no reply is asked for, as nobody reads MUS's mailbox.
/// The UID stays the conversation's for good and the SEQUENCE rises with each move, so calendars update
/// one event. Times are Danish time with the Europe/Copenhagen VTIMEZONE, so the meeting stays at 10:00
/// across a change to or from summer time. Title, place, names and a link only: never anything said in
/// the conversation.
/// </summary>
public static class MeetingCalendar
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    /// <param name="Description">What the meeting is and where to prepare (a sentence and a link).</param>
    /// <param name="Url">The conversation's page.</param>
    public sealed record Meeting(Guid Uid, int Sequence, DateTimeOffset Start, int Minutes, string Location, string Title, string Description, Uri Url,
        Party Organizer, Party Chair, Party Attendee);

    public sealed record Party(string Name, string Email);

    /// <summary>An empty calendar with our product id and the Danish time zone, for invitations and feeds alike.</summary>
    public static Ical.Net.Calendar New(string method)
    {
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = "-//MUS//Medarbejderudviklingssamtale//DA" };
        calendar.AddTimeZone(DanishTime.ZoneId);
        return calendar;
    }

    public static string Write(Meeting meeting, string method, DateTimeOffset now)
    {
        var calendar = New(method);
        var local = DanishTime.ToLocal(meeting.Start);
        var start = new CalDateTime(local, DanishTime.ZoneId);
        calendar.Events.Add(new CalendarEvent
        {
            Uid = meeting.Uid.ToString(),
            Sequence = meeting.Sequence,
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            DtStart = start,
            DtEnd = new CalDateTime(local.AddMinutes(meeting.Minutes), DanishTime.ZoneId),
            Summary = meeting.Title,
            Description = meeting.Description,
            Url = meeting.Url,
            Location = meeting.Location,
            Status = method == Cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer("mailto:" + meeting.Organizer.Email) { CommonName = meeting.Organizer.Name },
            Attendees =
            [
                // The leader set the time, so it stands in the leader's calendar as accepted.
                new Attendee("mailto:" + meeting.Chair.Email) { CommonName = meeting.Chair.Name, Role = "CHAIR", Rsvp = false, ParticipationStatus = "ACCEPTED" },
                new Attendee("mailto:" + meeting.Attendee.Email) { CommonName = meeting.Attendee.Name, Role = "REQ-PARTICIPANT", Rsvp = false, ParticipationStatus = "NEEDS-ACTION" },
            ],
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
