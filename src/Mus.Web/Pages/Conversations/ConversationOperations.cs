using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Mus.Web.Pages.Conversations;

/// <summary>What can be done to a conversation. Every page about a conversation asks for one of these.</summary>
public static class ConversationOperations
{
    /// <summary>
    /// Anything said or written in it: the employee and their current leader, nobody else — and of a
    /// conversation held with a former leader, not the new one either.
    /// </summary>
    public static readonly OperationAuthorizationRequirement ViewContent = new() { Name = nameof(ViewContent) };

    /// <summary>Taking a conversation out of a round (excusing the employee): HR and the employee's current leader.</summary>
    public static readonly OperationAuthorizationRequirement Manage = new() { Name = nameof(Manage) };

    /// <summary>Writing one's own preparation and the shared notes: the same two people.</summary>
    public static readonly OperationAuthorizationRequirement EditContent = new() { Name = nameof(EditContent) };

    /// <summary>
    /// The plan and its follow-ups: the employee and their current leader. Unlike the rest of the
    /// content, a plan goes on with the employee to a new leader.
    /// </summary>
    public static readonly OperationAuthorizationRequirement ViewPlan = new() { Name = nameof(ViewPlan) };

    /// <summary>Changing, approving and following up the plan: as <see cref="ViewPlan"/>.</summary>
    public static readonly OperationAuthorizationRequirement EditPlan = new() { Name = nameof(EditPlan) };
}
