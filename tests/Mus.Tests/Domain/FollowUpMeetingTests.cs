using Mus.Tests.Infrastructure;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Conversations;

namespace Mus.Tests.Domain;

/// <summary>A follow-up meeting's life as calendars need it: one event per meeting, moves and a cancellation each a step higher.</summary>
public sealed class FollowUpMeetingTests
{
    private static readonly DateTimeOffset Now = TestClock.UtcNow;

    private static Conversation Held()
    {
        var conversation = new Conversation { EmployeeId = 1, LeaderId = 2 };
        conversation.MarkHeld(Now.AddDays(-30));
        return conversation;
    }

    [Fact]
    public void Booked_Moved_Cancelled_IsOneEvent_EachStepHigher_AndTheNextMeetingIsANewEvent()
    {
        var conversation = Held();
        conversation.ScheduleFollowUp(Now.AddDays(10), 30, "Rum 2", leaderId: 2, Now);
        var uid = conversation.FollowUpCalendarUid;
        Assert.Equal((0, 2), (conversation.FollowUpCalendarSequence, conversation.FollowUpMeetingLeaderId!.Value));

        conversation.ScheduleFollowUp(Now.AddDays(11), 45, "Rum 3", leaderId: 2, Now);
        Assert.Equal((uid, 1, 45), (conversation.FollowUpCalendarUid, conversation.FollowUpCalendarSequence, conversation.FollowUpMeetingMinutes));
        conversation.CancelFollowUpMeeting(Now);
        Assert.Equal((uid, 2), (conversation.FollowUpCalendarUid, conversation.FollowUpCalendarSequence));
        conversation.ClearFollowUpMeeting();
        Assert.Null(conversation.FollowUpMeetingStart);

        // Once a meeting has been held, the next is booked as an event of its own.
        conversation.ScheduleFollowUp(Now.AddDays(12), 30, "Rum 2", leaderId: 2, Now);
        conversation.ScheduleFollowUp(Now.AddDays(40), 30, "Rum 2", leaderId: 2, Now.AddDays(13));
        Assert.NotEqual(uid, conversation.FollowUpCalendarUid);
        Assert.Equal(0, conversation.FollowUpCalendarSequence);
    }

    [Fact]
    public void AMeetingHeld_IsNotCancelled_NorOneBeforeTheConversation_NorAPlaceOfSeveralLines()
    {
        var conversation = Held();
        conversation.ScheduleFollowUp(Now.AddDays(10), 30, "Rum 2", leaderId: 2, Now);
        Assert.Equal("FollowUpMeeting.Error.NoneBooked", Assert.Throws<DomainException>(() => conversation.CancelFollowUpMeeting(Now.AddDays(11))).MessageKey);
        Assert.Equal(0, conversation.FollowUpCalendarSequence);

        Assert.Equal("Schedule.Error.Location", Assert.Throws<DomainException>(() => conversation.ScheduleFollowUp(Now.AddDays(12), 30, "Rum 2\r\nMødet er aflyst", leaderId: 2, Now)).MessageKey);
        Assert.Equal("Schedule.Error.InThePast", Assert.Throws<DomainException>(() => conversation.ScheduleFollowUp(Now.AddDays(-1), 30, "Rum 2", leaderId: 2, Now)).MessageKey);
        Assert.Equal("FollowUpMeeting.Error.Duration", Assert.Throws<DomainException>(() => conversation.ScheduleFollowUp(Now.AddDays(12), 241, "Rum 2", leaderId: 2, Now)).MessageKey);
        var preparing = new Conversation { EmployeeId = 1, LeaderId = 2 };
        Assert.Equal("FollowUpMeeting.Error.NotHeld", Assert.Throws<DomainException>(() => preparing.ScheduleFollowUp(Now.AddDays(12), 30, "Rum 2", leaderId: 2, Now)).MessageKey);
    }

    [Fact]
    public void AFormsTime_IsDanishAsWritten_UnlessItNamesItsZone()
    {
        // The morning summer time starts next year (the last Sunday of March), from the tests' clock.
        var spring = new DateOnly(TestClock.Today.Year + 1, 3, 31);
        while (spring.DayOfWeek != DayOfWeek.Sunday)
        {
            spring = spring.AddDays(-1);
        }

        var written = spring.ToDateTime(new TimeOnly(2, 30));
        Assert.True(DanishTime.Zone.IsInvalidTime(written));
        Assert.Equal(written, DanishTime.FromForm(written));
        // 01:30 UTC that morning is 03:30 in Denmark (02:30 does not exist there).
        var named = DanishTime.FromForm(spring.ToDateTime(new TimeOnly(1, 30), DateTimeKind.Utc));
        Assert.Equal(spring.ToDateTime(new TimeOnly(3, 30)), named);
        Assert.False(DanishTime.Zone.IsInvalidTime(named));
        Assert.Equal("Schedule.Error.NoSuchTime", MeetingStart.Read(written).RefusalKey);
        Assert.Equal(((DateTime?)named, (string?)null), MeetingStart.Read(spring.ToDateTime(new TimeOnly(1, 30), DateTimeKind.Utc)));
        Assert.Equal("Schedule.Error.TooFar", MeetingStart.Read(new DateTime(9999, 1, 1)).RefusalKey);
    }
}
