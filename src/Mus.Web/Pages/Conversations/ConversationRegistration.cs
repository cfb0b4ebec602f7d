namespace Mus.Web.Pages.Conversations;

public static class ConversationRegistration
{
    /// <summary>Who may do what with a conversation, and the services its pages share.</summary>
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, ConversationAuthorizationHandler>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<LeaderChanges>();
        builder.Services.AddScoped<MeetingInvitations>();
        // The versioned forms' merge origins (guide, preparation, plan, evaluation, summary, settings).
        builder.Services.AddSingleton<Shared.MergeOrigins>();
        builder.Services.AddScoped<ConversationOffers>();
        return builder;
    }
}
