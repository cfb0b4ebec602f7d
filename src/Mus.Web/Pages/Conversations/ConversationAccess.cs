using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Loads who stands around a conversation and asks the authorization handler. Pages treat a
/// refusal exactly like an unknown id (404), so nobody learns that a conversation exists.
/// </summary>
public sealed class ConversationAccess(AppDbContext db, IAuthorizationService authorization, IHttpContextAccessor http)
{
    public async Task<ConversationParties?> AuthorizeAsync(int conversationId, OperationAuthorizationRequirement operation)
    {
        var parties = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new ConversationParties(c.Id, c.EmployeeId, c.Employee!.LeaderId, c.LeaderId))
            .SingleOrDefaultAsync();
        if (parties is null)
        {
            return null;
        }

        var user = http.HttpContext?.User ?? throw new InvalidOperationException("Conversation access is decided within a request.");
        var result = await authorization.AuthorizeAsync(user, parties, operation);
        return result.Succeeded ? parties : null;
    }
}
