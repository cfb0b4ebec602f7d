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
        Assert.Contains($"{MusApp.PublicUrl}/preparation/{conversation}", toIda.TextBody, StringComparison.Ordinal);
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
            Assert.Contains($"{MusApp.PublicUrl}/preparation/{conversation}", meeting.Description, StringComparison.Ordinal);
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
}
