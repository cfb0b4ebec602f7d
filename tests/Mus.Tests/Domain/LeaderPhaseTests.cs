using Mus.Web.Domain.Conversations;
using Mus.Web.Pages.Start;

namespace Mus.Tests.Domain;

/// <summary>The leader's list: each conversation's phase, whether it is late, and the one next step.</summary>
public sealed class LeaderPhaseTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2027, 3, 10);
    private static readonly DateOnly Deadline = new(2027, 3, 31);

    private static LeaderPhase Of(
        ConversationStatus status = ConversationStatus.Preparing, bool employeeReady = false, bool leaderReady = false, DateTimeOffset? start = null,
        bool planApproved = false, DateOnly? followUp = null, DateOnly? deadline = null) =>
        LeaderPhase.Of(7, status, employeeReady, leaderReady, start, planApproved, followUp, deadline ?? Deadline, Now, Today);

    [Fact]
    public void EachPhase_HasItsNextStep()
    {
        Assert.Equal(new LeaderPhase(Phase.Invited, false, new NextStep("Phase.Next.Schedule", "/conversations/7/schedule")), Of());
        Assert.Equal(Phase.Prepared, Of(employeeReady: true).Phase);
        Assert.Equal(new LeaderPhase(Phase.TimeSet, false, new NextStep("Phase.Next.Prepare", "/conversations/7/preparation")), Of(start: Now.AddDays(2)));
        Assert.Equal(new NextStep("Phase.Next.OpenGuide", "/conversations/7"), Of(start: Now.AddDays(2), leaderReady: true).Next);
        Assert.Equal(new LeaderPhase(Phase.Held, false, new NextStep("Phase.Next.WritePlan", "/conversations/7/plan")), Of(ConversationStatus.Held));
        Assert.Equal(new LeaderPhase(Phase.PlanApproved, false, new NextStep("Phase.Next.SeePlan", "/conversations/7/plan")), Of(ConversationStatus.Held, planApproved: true));
        Assert.Equal(new LeaderPhase(Phase.FollowUpDue, false, new NextStep("Phase.Next.FollowUp", "/conversations/7/follow-ups")), Of(ConversationStatus.Held, planApproved: true, followUp: Today));
        Assert.Equal(new LeaderPhase(Phase.Declined, false, null), Of(ConversationStatus.Declined, start: Now.AddDays(-1)));
    }

    [Fact]
    public void Late_IsOpenPastTheDeadline_ATimePassedWithoutHolding_OrAFollowUpPassed()
    {
        Assert.False(Of(deadline: Today).Overdue);
        Assert.True(Of(deadline: Today.AddDays(-1)).Overdue);
        Assert.True(Of(start: Now.AddDays(2), deadline: Today.AddDays(-1)).Overdue);
        Assert.Equal(new LeaderPhase(Phase.TimePassed, true, new NextStep("Phase.Next.MarkHeld", "/conversations/7")), Of(start: Now.AddMinutes(-1)));
        Assert.True(Of(ConversationStatus.Held, planApproved: true, followUp: Today.AddDays(-1)).Overdue);
        Assert.False(Of(ConversationStatus.Held, deadline: Today.AddDays(-30)).Overdue);
    }
}
