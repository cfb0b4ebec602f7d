using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Email;
using IcalCalendar = Ical.Net.Calendar;

namespace Mus.Tests.Pages.Conversations;

/// <summary>Scheduling, moving and excusing send both parties a calendar invitation for one event, each in their own language, through a real SMTP server.</summary>
public sealed class MeetingInvitationTests : IAsyncLifetime
{
    private readonly TestSmtpServer smtp = new();
    private MusApp app = null!;
    private int conversation;

    public async ValueTask InitializeAsync()
    {
        smtp.Start();
        app = await MusApp.StartAsync(settings: smtp.Settings);
        conversation = await app.WithDbAsync(db => db.Conversations
            .Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    private async Task<HttpClient> KarstenInEnglishAsync()
    {
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var token = (await karsten.GetPageAsync("/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostAsync("/Language", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["culture"] = "en-GB", ["returnUrl"] = "/" }))).StatusCode);
        return karsten;
    }

    private async Task ScheduleAsync(HttpClient leader, string localStart, string location)
    {
        var response = await leader.PostFormAsync($"/conversations/{conversation}/schedule", new Dictionary<string, string>
        {
            ["Input.Start"] = localStart,
            ["Input.Minutes"] = "90",
            ["Input.Location"] = location,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static (IcalCalendar Calendar, ContentType Type) Invitation(MimeMessage mail)
    {
        var part = mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        return (IcalCalendar.Load(part.Text)!, part.ContentType);
    }

    /// <summary>The same invitation as ical.js reads it.</summary>
    private static Task<Mus.Tests.Calendar.IcalJs.Reading> SecondReadingAsync(MimeMessage mail) =>
        Mus.Tests.Calendar.IcalJs.ReadAsync(mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text);

    /// <summary>
    /// The shape Outlook and Exchange read as an invitation: text, HTML and the calendar as three
    /// alternatives, the same calendar attached, and the marks of an automatic mail.
    /// </summary>
    private static void AssertShapedForOutlook(MimeMessage mail, string method)
    {
        var mixed = Assert.IsType<Multipart>(mail.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        var calendar = (TextPart)alternative[2];
        Assert.Equal((method, "utf-8"), (calendar.ContentType.Parameters["method"], calendar.ContentType.Charset));
        var attached = Assert.IsType<MimePart>(mixed[1]);
        Assert.True(attached.IsAttachment);
        Assert.Equal(("application/ics", "invitation.ics"), (attached.ContentType.MimeType, attached.FileName));
        using var content = new MemoryStream();
        attached.Content!.DecodeTo(content);
        Assert.Equal(calendar.Text.ReplaceLineEndings(), System.Text.Encoding.UTF8.GetString(content.ToArray()).ReplaceLineEndings());
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Equal("All", mail.Headers["X-Auto-Response-Suppress"]);
    }

    private MimeMessage To(IEnumerable<MimeMessage> mails, string email, int index = 0) =>
        mails.Where(m => m.To.Mailboxes.Single().Address == email).ElementAt(index);

    [Fact]
    public async Task SchedulingThenMoving_SendsBothOneEvent_InTheirOwnLanguage_AtTheRightTimeAcrossTheChangeFromSummerTime()
    {
        var karsten = await KarstenInEnglishAsync();

        // Friday before the end of summer time (UTC+2), then the Monday after (UTC+1): 10:00 Danish time both,
        // in next year's October, so the days are always ahead.
        var year = TestClock.Today.Year + 1;
        var endOfSummerTime = new DateOnly(year, 10, 31);
        while (endOfSummerTime.DayOfWeek != DayOfWeek.Sunday)
        {
            endOfSummerTime = endOfSummerTime.AddDays(-1);
        }

        var (friday, monday) = (endOfSummerTime.AddDays(-2), endOfSummerTime.AddDays(1));
        await ScheduleAsync(karsten, $"{friday:yyyy-MM-dd}T10:00", "Mødelokale 2");
        var first = await smtp.WaitForAsync(2);
        var uid = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.CalendarUid).SingleAsync());
        var toIda = To(first, DemoPeople.Employee);
        var toKarsten = To(first, DemoPeople.CurrentLeader);
        Assert.Equal("MUS-samtale med Karsten Lund", toIda.Subject);
        Assert.Equal("MUS conversation with Ida Brandt", toKarsten.Subject);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{conversation}/preparation", toIda.TextBody, StringComparison.Ordinal);
        foreach (var mail in new[] { toIda, toKarsten })
        {
            var (calendar, type) = Invitation(mail);
            Assert.Equal("REQUEST", type.Parameters["method"]);
            Assert.Equal("REQUEST", calendar.Method);
            Assert.Equal("Europe/Copenhagen", Assert.Single(calendar.TimeZones).TzId);
            var meeting = Assert.Single(calendar.Events);
            Assert.Equal(uid.ToString(), meeting.Uid);
            Assert.Equal(0, meeting.Sequence);
            Assert.Equal("Europe/Copenhagen", meeting.DtStart!.TzId);
            Assert.Equal(friday.ToDateTime(new TimeOnly(10, 0)), meeting.DtStart.Value);
            Assert.Equal(friday.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), meeting.DtStart.AsUtc);
            Assert.Equal(TimeSpan.FromMinutes(90), meeting.DtEnd!.AsUtc - meeting.DtStart.AsUtc);
            Assert.Equal("Mødelokale 2", meeting.Location);
            // MUS organises, so neither party is sent a REQUEST for a meeting of their own; the leader chairs.
            Assert.Equal("mailto:" + app.Services.GetRequiredService<MailOptions>().From, meeting.Organizer!.Value!.ToString());
            Assert.Equal(
                [("mailto:" + DemoPeople.CurrentLeader, "CHAIR", false), ("mailto:" + DemoPeople.Employee, "REQ-PARTICIPANT", false)],
                meeting.Attendees.Select(a => (a.Value!.ToString(), a.Role!, a.Rsvp)));
            Assert.Equal($"{MusApp.PublicUrl}/conversations/{conversation}", meeting.Url!.ToString());
            Assert.Contains($"{MusApp.PublicUrl}/conversations/{conversation}/preparation", meeting.Description, StringComparison.Ordinal);
            AssertShapedForOutlook(mail, "REQUEST");

            var second = await SecondReadingAsync(mail);
            Assert.Equal("REQUEST", second.Method);
            var read = Assert.Single(second.Events);
            Assert.Equal((uid.ToString(), 0, "Europe/Copenhagen"), (read.Uid, read.Sequence, read.Zone));
            Assert.Equal(($"{friday:yyyy-MM-dd}T08:00:00.000Z", $"{friday:yyyy-MM-dd}T09:30:00.000Z"), (read.Start, read.End));
            Assert.Equal("Mødelokale 2", read.Location);
        }

        await ScheduleAsync(karsten, $"{monday:yyyy-MM-dd}T10:00", "Mødelokale 3");
        var all = await smtp.WaitForAsync(4);
        var movedToIda = To(all, DemoPeople.Employee, 1);
        Assert.Equal("Nyt tidspunkt: MUS-samtale med Karsten Lund", movedToIda.Subject);
        var moved = Assert.Single(Invitation(movedToIda).Calendar.Events);
        Assert.Equal(uid.ToString(), moved.Uid);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), moved.DtStart!.AsUtc);
        Assert.Equal("Mødelokale 3", moved.Location);
        // ical.js agrees: the same event, one step on, 10:00 Danish winter time.
        var movedAgain = Assert.Single((await SecondReadingAsync(movedToIda)).Events);
        Assert.Equal((uid.ToString(), 1, $"{monday:yyyy-MM-dd}T09:00:00.000Z"), (movedAgain.Uid, movedAgain.Sequence, movedAgain.Start));
    }

    [Fact]
    public async Task ExcusingAScheduledConversation_CancelsTheEventInBothCalendars()
    {
        await ScheduleAsync(await app.SignedInAsync(DemoPeople.CurrentLeader), $"{TestClock.Today.AddDays(30):yyyy-MM-dd}T09:00", "Kantinen");
        await smtp.WaitForAsync(2);

        var excused = await (await app.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/conversations/{conversation}/excuse", new Dictionary<string, string> { ["Reason"] = nameof(ExcuseReason.Other) });

        Assert.Equal(HttpStatusCode.Redirect, excused.StatusCode);
        var all = await smtp.WaitForAsync(4);
        foreach (var email in new[] { DemoPeople.Employee, DemoPeople.CurrentLeader })
        {
            var (calendar, type) = Invitation(To(all, email, 1));
            Assert.Equal("CANCEL", type.Parameters["method"]);
            Assert.Equal("CANCEL", calendar.Method);
            var cancelled = Assert.Single(calendar.Events);
            Assert.Equal("CANCELLED", cancelled.Status);
            AssertShapedForOutlook(To(all, email, 1), "CANCEL");
            // It outranks the invitation it cancels, as calendars require.
            Assert.True(cancelled.Sequence > Invitation(To(all, email)).Calendar.Events.Single().Sequence, $"CANCEL's SEQUENCE {cancelled.Sequence}");
            Assert.Equal(Invitation(To(all, email)).Calendar.Events.Single().Uid, cancelled.Uid);
            var second = await SecondReadingAsync(To(all, email, 1));
            Assert.Equal(("CANCEL", "CANCELLED", cancelled.Uid), (second.Method, Assert.Single(second.Events).Status, second.Events[0].Uid));
        }
    }

    [Fact]
    public async Task ExcusingAConversationWithoutATime_SendsNothing()
    {
        var excused = await (await app.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/conversations/{conversation}/excuse", new Dictionary<string, string> { ["Reason"] = nameof(ExcuseReason.Leaving) });

        Assert.Equal(HttpStatusCode.Redirect, excused.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMails.CountAsync()));
    }

    [Fact]
    public async Task AFollowUpMeeting_IsBookedMovedAndCancelled_AsOneEventInBothCalendars_AndInTheFeed()
    {
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var url = $"/conversations/{conversation}/follow-up-meeting";
        static Dictionary<string, string> Booking(DateOnly day, string location) => new()
        {
            ["Input.Start"] = $"{day:yyyy-MM-dd}T10:00",
            ["Input.Minutes"] = "30",
            ["Input.Location"] = location,
        };

        // Not before the conversation is held; and never by the employee.
        var early = await karsten.PostFormAsync(url, Booking(TestClock.Today.AddDays(20), "Karstens kontor"));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("når samtalen er holdt", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{conversation}", new Dictionary<string, string>(), formAction: "handler=Held")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ida.GetAsync(url)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMails.CountAsync()));

        var booked = await karsten.PostFormAsync(url, Booking(TestClock.Today.AddDays(20), "Karstens kontor"));
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        Assert.Equal($"/conversations/{conversation}/follow-ups", booked.Headers.Location!.OriginalString);
        var first = await smtp.WaitForAsync(2);
        var uid = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.FollowUpCalendarUid).SingleAsync());
        Assert.NotNull(uid);
        Assert.Equal("Opfølgning på MUS med Karsten Lund", To(first, DemoPeople.Employee).Subject);
        Assert.Equal("Opfølgning på MUS med Ida Brandt", To(first, DemoPeople.CurrentLeader).Subject);
        foreach (var mail in first)
        {
            AssertShapedForOutlook(mail, "REQUEST");
            Assert.Contains($"{MusApp.PublicUrl}/conversations/{conversation}/follow-ups", mail.TextBody, StringComparison.Ordinal);
            var meeting = Assert.Single(Invitation(mail).Calendar.Events);
            Assert.Equal((uid.ToString(), 0, "Karstens kontor"), (meeting.Uid, meeting.Sequence, meeting.Location));
            Assert.Equal(TimeSpan.FromMinutes(30), meeting.DtEnd!.AsUtc - meeting.DtStart!.AsUtc);
            Assert.Equal(TestClock.Today.AddDays(20).ToDateTime(new TimeOnly(10, 0)), meeting.DtStart.Value);
            var second = Assert.Single((await SecondReadingAsync(mail)).Events);
            Assert.Equal((uid.ToString(), 0), (second.Uid, second.Sequence));
        }

        // Both see it on the follow-ups page; Ida's calendar feed holds the same event.
        Assert.Contains("Næste opfølgningsmøde", (await ida.GetPageAsync($"/conversations/{conversation}/follow-ups")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/calendar", new Dictionary<string, string>(), formAction: "handler=Create")).StatusCode);
        var feedAddress = (await ida.GetPageAsync("/profile/calendar")).QuerySelector("#feed-address")!.TextContent;
        var feed = IcalCalendar.Load(await app.CreateBrowserlikeClient().GetStringAsync(feedAddress))!;
        Assert.Equal("Opfølgning på MUS med Karsten Lund", feed.Events.Single(e => e.Uid == uid.ToString()).Summary);

        // Moved: the same event, one step on. Cancelled: the same event, a step above.
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, Booking(TestClock.Today.AddDays(21), "Mødelokale 3"))).StatusCode);
        var moved = To(await smtp.WaitForAsync(4), DemoPeople.Employee, 1);
        Assert.Equal("Nyt tidspunkt: Opfølgning på MUS med Karsten Lund", moved.Subject);
        Assert.Equal((uid.ToString(), 1, "Mødelokale 3"), (Invitation(moved).Calendar.Events.Single().Uid, Invitation(moved).Calendar.Events.Single().Sequence, Invitation(moved).Calendar.Events.Single().Location));
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync(url, new Dictionary<string, string>(), formAction: "handler=Cancel")).StatusCode);
        var all = await smtp.WaitForAsync(6);
        foreach (var email in new[] { DemoPeople.Employee, DemoPeople.CurrentLeader })
        {
            var cancel = To(all, email, 2);
            AssertShapedForOutlook(cancel, "CANCEL");
            var cancelled = Assert.Single(Invitation(cancel).Calendar.Events);
            Assert.Equal((uid.ToString(), 2, "CANCELLED"), (cancelled.Uid, cancelled.Sequence, cancelled.Status));
        }

        Assert.DoesNotContain("Næste opfølgningsmøde", (await ida.GetPageAsync($"/conversations/{conversation}/follow-ups")).Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(IcalCalendar.Load(await app.CreateBrowserlikeClient().GetStringAsync(feedAddress))!.Events, e => e.Uid == uid.ToString());
        // Nothing left to cancel (the button is gone; a stale page's post): said so, and nothing sent.
        var (_, form) = await karsten.ReadFormAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, (await karsten.PostAsync(url + "?handler=Cancel", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(6, await app.WithDbAsync(db => db.OutboxMails.CountAsync()));
    }

    [Fact]
    public async Task AChangeOfLeader_CallsOffTheFollowUpMeetingBookedWithTheFormerLeader_InBothCalendars()
    {
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{conversation}", new Dictionary<string, string>(), formAction: "handler=Held")).StatusCode);
        // A time naming its zone (UTC) is that instant.
        var day = TestClock.Today.AddDays(20);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{conversation}/follow-up-meeting", new Dictionary<string, string>
        {
            ["Input.Start"] = $"{day:yyyy-MM-dd}T08:00Z",
            ["Input.Minutes"] = "30",
            ["Input.Location"] = "Karstens kontor",
        })).StatusCode);
        var invited = await smtp.WaitForAsync(2);
        Assert.Equal(day.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), Invitation(invited[0]).Calendar.Events.Single().DtStart!.AsUtc);

        // HR gives Ida a new leader.
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var ida = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == DemoPeople.EmployeeNumber).Select(p => p.Id).SingleAsync());
        var edit = await hr.GetPageAsync($"/organisation/people/edit/{ida}");
        var moved = await hr.PostFormAsync($"/organisation/people/edit/{ida}", new Dictionary<string, string>
        {
            ["Input.UnitId"] = edit.QuerySelector("#Input_UnitId option[selected]")!.GetAttribute("value")!,
            ["Input.LeaderNumber"] = "1030",
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        var all = await smtp.WaitForAsync(4);
        foreach (var email in new[] { DemoPeople.Employee, DemoPeople.CurrentLeader })
        {
            var cancel = To(all, email, 1);
            AssertShapedForOutlook(cancel, "CANCEL");
            var cancelled = Assert.Single(Invitation(cancel).Calendar.Events);
            Assert.Equal((Invitation(To(all, email)).Calendar.Events.Single().Uid, 1), (cancelled.Uid, cancelled.Sequence));
        }

        Assert.DoesNotContain(all, m => m.To.Mailboxes.Single().Address == DemoPeople.OtherLeader);
        Assert.Null(await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.FollowUpMeetingStart).SingleAsync()));
    }
}
