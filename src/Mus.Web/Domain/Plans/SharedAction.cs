namespace Mus.Web.Domain.Plans;

/// <summary>
/// An action of an approved plan that the employee chose to share with their team (seed 004: share
/// your practice actions, agree on follow-up together): its "what" and its status only, never why,
/// how or anything else from the conversation. A copy kept in step with the plan and its follow-ups
/// (<see cref="SharedActions.RefreshAsync"/>); withdrawing deletes it. The wording is the employee's
/// words from their plan: it is kept sealed at rest like the plan itself (<see cref="SharedActions.Seal"/>).
/// </summary>
public class SharedAction
{
    public int Id { get; set; }

    public int ConversationId { get; set; }

    public required string ActionKey { get; set; }

    public int EmployeeId { get; set; }

    /// <summary>The action's "what", sealed under the key-encryption key and bound to this conversation and action.</summary>
    public required string SealedWhat { get; set; }

    public ActionStatus Status { get; set; }

    public DateTimeOffset SharedAt { get; set; }
}
