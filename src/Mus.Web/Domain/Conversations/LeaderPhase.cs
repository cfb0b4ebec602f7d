namespace Mus.Web.Domain.Conversations;

/// <summary>Where one conversation stands for its leader, as a list shows it: the phase, whether it is late, and the next step.</summary>
public enum Phase
{
    Invited,
    Prepared,
    TimeSet,
    TimePassed,
    Held,
    PlanApproved,
    FollowUpDue,
    Declined,
}

/// <summary>The next thing the leader can do about a conversation: a text key and the page it is done on.</summary>
public sealed record NextStep(string TextKey, string Href);

public sealed record LeaderPhase(Phase Phase, bool Overdue, NextStep? Next)
{
    /// <summary>
    /// Decided from facts only (status, readiness, time, plan approved, follow-up due), never from content.
    /// Overdue: still open after the conversation deadline, a time that has passed without the
    /// conversation being marked held, or a follow-up date that has passed.
    /// </summary>
    public static LeaderPhase Of(
        int id, ConversationStatus status, bool employeeReady, bool leaderReady, DateTimeOffset? scheduledStart, bool planApproved,
        DateOnly? followUpDue, DateOnly conversationDeadline, DateTimeOffset now, DateOnly today)
    {
        var late = today > conversationDeadline;
        return status switch
        {
            ConversationStatus.Declined => new(Phase.Declined, false, null),
            ConversationStatus.Held when followUpDue is { } due => new(Phase.FollowUpDue, due < today, new("Phase.Next.FollowUp", $"/conversations/{id}/follow-ups")),
            ConversationStatus.Held when planApproved => new(Phase.PlanApproved, false, new("Phase.Next.SeePlan", $"/conversations/{id}/plan")),
            ConversationStatus.Held => new(Phase.Held, false, new("Phase.Next.WritePlan", $"/conversations/{id}/plan")),
            _ when scheduledStart is { } start && start <= now => new(Phase.TimePassed, true, new("Phase.Next.MarkHeld", $"/conversations/{id}")),
            _ when scheduledStart is not null => new(Phase.TimeSet, late, leaderReady
                ? new("Phase.Next.OpenGuide", $"/conversations/{id}")
                : new("Phase.Next.Prepare", $"/conversations/{id}/preparation")),
            _ => new(employeeReady ? Phase.Prepared : Phase.Invited, late, new("Phase.Next.Schedule", $"/conversations/{id}/schedule")),
        };
    }
}
