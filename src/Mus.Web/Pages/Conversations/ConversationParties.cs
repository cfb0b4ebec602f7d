namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Who stands where around a conversation, read fresh from the organisation on every request: the
/// employee, their current leader and that leader's leader. A change of leader therefore moves
/// access at once.
/// </summary>
public sealed record ConversationParties(int ConversationId, int EmployeeId, int? CurrentLeaderId, int? LeadersLeaderId)
{
    public bool IsEmployee(int? personId) => personId == EmployeeId;

    public bool IsCurrentLeader(int? personId) => personId is not null && personId == CurrentLeaderId;

    public bool IsParty(int? personId) => IsEmployee(personId) || IsCurrentLeader(personId);
}
