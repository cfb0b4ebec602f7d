namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Who stands where around a conversation, read fresh from the organisation on every request: the
/// employee and their current leader. A change of leader therefore moves access at once.
/// </summary>
/// <param name="ConversationLeaderId">
/// The leader the conversation is (or was held) with. Open conversations move with a change of leader;
/// held ones keep the leader they were held with.
/// </param>
public sealed record ConversationParties(int ConversationId, int EmployeeId, int? CurrentLeaderId, int ConversationLeaderId)
{
    public bool IsEmployee(int? personId) => personId == EmployeeId;

    public bool IsCurrentLeader(int? personId) => personId is not null && personId == CurrentLeaderId;

    /// <summary>The employee, and their current leader if the conversation is with them.</summary>
    public bool IsParty(int? personId) => IsEmployee(personId) || (IsCurrentLeader(personId) && personId == ConversationLeaderId);

    /// <summary>For the plan and its follow-ups: the employee and their current leader, also one who took over after it was held.</summary>
    public bool IsPlanParty(int? personId) => IsEmployee(personId) || IsCurrentLeader(personId);
}
