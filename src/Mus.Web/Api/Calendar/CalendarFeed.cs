using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Api.Calendar;

/// <summary>
/// A person's private calendar feed (<c>/calendar/{secret}</c>), for a calendar app to subscribe to:
/// their own MUS dates as employee and as leader – the meetings (same UID as the invitations), the
/// preparation deadlines and the plans' next follow-up dates. Titles, places and names only. The address's secret is the only key, so it
/// is long and random, stored as a hash, shown once, and revoked or replaced on the profile page.
/// </summary>
public static class CalendarFeed
{
    /// <summary>A new secret for an address, and the hash to store.</summary>
    public static (string Secret, string Hash) NewSecret()
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder endpoints)
    {
        // Every method is mapped, so that anyone (signed in or not) is told plainly that only GET is served.
        endpoints.Map("/calendar/{secret}", WriteAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> WriteAsync(string secret, HttpContext context, AppDbContext db, PublicAddress publicAddress, IStringLocalizer<Text> text, TimeProvider time)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }

        var hash = secret.Length == 64 ? Hash(secret) : null;
        // A closed account's feed answers as no feed does: whoever still holds the address learns nothing more.
        var person = hash is null ? null : await db.People.AsNoTracking()
            .Where(p => p.CalendarFeedHash == hash && !db.Users.Any(u => u.PersonId == p.Id && u.LockoutEnd == AccountStatus.DisabledUntil))
            .Select(p => new { p.Id, p.Language, p.Name }).SingleOrDefaultAsync();
        if (person is null)
        {
            return Results.NotFound();
        }

        var today = DanishTime.Today(time);
        var recent = today.AddMonths(-6);
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => (c.EmployeeId == person.Id || c.LeaderId == person.Id || (c.Employee!.LeaderId == person.Id && c.FollowUpMeetingStart != null))
                && (c.Status == ConversationStatus.Preparing || c.Status == ConversationStatus.Held)
                && (c.Round!.ConversationDeadline >= recent || c.NextFollowUpOn >= today || c.FollowUpMeetingStart != null))
            .Select(c => new
            {
                c.Id,
                c.EmployeeId,
                c.LeaderId,
                Employee = c.Employee!.Name,
                Leader = c.Leader!.Name,
                c.CalendarUid,
                c.ScheduledStart,
                c.ScheduledMinutes,
                c.Location,
                c.Round!.PreparationDeadline,
                c.Status,
                c.NextFollowUpOn,
                CurrentLeaderId = c.Employee!.LeaderId,
                CurrentLeader = c.Employee!.Leader!.Name,
                c.FollowUpMeetingStart,
                c.FollowUpMeetingMinutes,
                c.FollowUpMeetingLocation,
                c.FollowUpCalendarUid,
            })
            .ToListAsync();

        var culture = LocalizationRegistration.CultureOf(person.Language);
        var calendar = MeetingCalendar.New("PUBLISH");
        // A name for the calendar app's list, and how often to look again (Outlook, Apple and Google read one or the other).
        calendar.AddProperty("X-WR-CALNAME", LocalizationRegistration.In(culture, () => text["Feed.Name", person.Name].Value));
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        var refresh = new Ical.Net.CalendarProperty("REFRESH-INTERVAL", "PT1H");
        refresh.Parameters.Add("VALUE", "DURATION");
        calendar.AddProperty(refresh);
        var stamp = new CalDateTime(time.GetUtcNow().UtcDateTime, "UTC");
        var host = publicAddress.BaseAddress.Host;
        LocalizationRegistration.In(culture, () =>
        {
            foreach (var conversation in conversations)
            {
                var other = conversation.EmployeeId == person.Id ? conversation.Leader : conversation.Employee;
                var party = conversation.EmployeeId == person.Id || conversation.LeaderId == person.Id;
                var planParty = conversation.EmployeeId == person.Id || conversation.CurrentLeaderId == person.Id;
                // (A booking stays until the next replaces it; one long past is history, not shown.)
                if (planParty && conversation.FollowUpMeetingStart is { } meeting && meeting >= time.GetUtcNow().AddMonths(-6) && conversation.FollowUpCalendarUid is { } meetingUid)
                {
                    // The booked follow-up meeting: the same event as its invitation (one UID), so a calendar shows it once.
                    var local = DanishTime.ToLocal(meeting);
                    calendar.Events.Add(new CalendarEvent
                    {
                        Uid = meetingUid.ToString(),
                        DtStamp = stamp,
                        DtStart = new CalDateTime(local, DanishTime.ZoneId),
                        DtEnd = new CalDateTime(local.AddMinutes(conversation.FollowUpMeetingMinutes), DanishTime.ZoneId),
                        Summary = text["FollowUpInvite.Subject", conversation.EmployeeId == person.Id ? conversation.CurrentLeader ?? conversation.Leader : conversation.Employee].Value,
                        Location = conversation.FollowUpMeetingLocation,
                        Url = new Uri(publicAddress.Page("/Conversations/FollowUps/Index", new { id = conversation.Id })),
                    });
                }

                if (!party)
                {
                    continue;
                }

                if (conversation.ScheduledStart is { } start && conversation.CalendarUid is { } uid)
                {
                    var local = DanishTime.ToLocal(start);
                    calendar.Events.Add(new CalendarEvent
                    {
                        Uid = uid.ToString(),
                        DtStamp = stamp,
                        DtStart = new CalDateTime(local, DanishTime.ZoneId),
                        DtEnd = new CalDateTime(local.AddMinutes(conversation.ScheduledMinutes), DanishTime.ZoneId),
                        Summary = text["Invite.Subject", other].Value,
                        Location = conversation.Location,
                    });
                }

                if (conversation.NextFollowUpOn is { } followUp)
                {
                    calendar.Events.Add(new CalendarEvent
                    {
                        Uid = $"follow-up-{conversation.Id}-{followUp:yyyyMMdd}@{host}",
                        DtStamp = stamp,
                        DtStart = new CalDateTime(followUp),
                        DtEnd = new CalDateTime(followUp.AddDays(1)),
                        Summary = text["Feed.FollowUp", other].Value,
                        Url = new Uri(publicAddress.Page("/Conversations/FollowUps/Index", new { id = conversation.Id })),
                    });
                }

                if (conversation.EmployeeId == person.Id && conversation.Status == ConversationStatus.Preparing)
                {
                    var deadline = conversation.PreparationDeadline;
                    calendar.Events.Add(new CalendarEvent
                    {
                        Uid = $"preparation-{conversation.Id}@{host}",
                        DtStamp = stamp,
                        DtStart = new CalDateTime(deadline),
                        DtEnd = new CalDateTime(deadline.AddDays(1)),
                        Summary = text["Feed.PreparationDeadline"].Value,
                        Url = new Uri(publicAddress.Page("/Conversations/Preparation/Index", new { id = conversation.Id })),
                    });
                }
            }

            return 0;
        });

        return Results.Text(new CalendarSerializer().SerializeToString(calendar)!, "text/calendar; charset=utf-8");
    }
}
