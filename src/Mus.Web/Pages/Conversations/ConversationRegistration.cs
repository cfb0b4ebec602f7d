using Mus.Web.Pages.Rounds;

namespace Mus.Web.Pages.Conversations;

public static class ConversationRegistration
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, ConversationAuthorizationHandler>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<LeaderChanges>();
        builder.Services.AddScoped<MeetingInvitations>();
        builder.Services.Configure<Mus.Web.Infrastructure.Retention.RetentionOptions>(builder.Configuration.GetSection("Retention"));
        builder.Services.AddScoped<Mus.Web.Infrastructure.Retention.RetentionSweep>();
        if (builder.Configuration.GetValue("Retention:Enabled", true))
        {
            builder.Services.AddHostedService<Mus.Web.Infrastructure.Retention.RetentionService>();
        }

        builder.Services.AddScoped<Mus.Web.Infrastructure.Audit.AuditTrail>();
        // One writer per instance commits the reads of all requests in batches (group commit).
        builder.Services.AddSingleton<Mus.Web.Infrastructure.Audit.AuditWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Mus.Web.Infrastructure.Audit.AuditWriter>());
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<Mus.Web.Infrastructure.Audit.AuditFlushFilter>());
        builder.Services.AddSingleton<Mus.Web.Infrastructure.Crypto.ShredJournal>();
        builder.Services.AddScoped<RoundOpener>();
        builder.Services.AddSingleton<RoundFigures>();
        builder.Services.AddSingleton<Mus.Web.Domain.Templates.PublishedTemplates>();
        builder.Services.AddScoped<RoundOpeningMails>();
        builder.Services.AddScoped<ConversationOffers>();
        builder.Services.AddScoped<Mus.Web.Infrastructure.Email.PersonMail>();
        return builder;
    }
}
