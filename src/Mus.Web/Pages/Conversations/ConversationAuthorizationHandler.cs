using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Mus.Web.Pages.Conversations;

/// <summary>The one place that decides who may do what with a conversation.</summary>
public sealed class ConversationAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, ConversationParties>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ConversationParties parties)
    {
        int? personId = CurrentUser.TryGetPersonId(context.User, out var id) ? id : null;
        var allowed = requirement.Name switch
        {
            nameof(ConversationOperations.ViewContent) or nameof(ConversationOperations.EditContent) => parties.IsParty(personId),
            nameof(ConversationOperations.ViewPlan) or nameof(ConversationOperations.EditPlan) => parties.IsPlanParty(personId),
            nameof(ConversationOperations.Manage) => parties.IsCurrentLeader(personId) || context.User.IsInRole(Roles.Hr),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
