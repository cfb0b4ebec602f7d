using Microsoft.AspNetCore.Authorization;
using Mus.Web.Pages.Rounds;

namespace Mus.Web.Pages.Conversations;

public static class ConversationRegistration
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, ConversationAuthorizationHandler>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<LeaderChanges>();
        builder.Services.AddSingleton<Mus.Web.Infrastructure.Crypto.ShredJournal>();
        builder.Services.AddScoped<RoundOpener>();
        return builder;
    }
}
