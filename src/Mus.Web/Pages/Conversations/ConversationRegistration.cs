using Mus.Web.Infrastructure.Jobs;
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
        // The versioned forms' merge origins (guide, preparation, plan, evaluation, summary, settings).
        builder.Services.AddSingleton<Shared.MergeOrigins>();
        builder.Services.Configure<Mus.Web.Infrastructure.Retention.RetentionOptions>(builder.Configuration.GetSection("Retention"));
        builder.Services.AddScoped<Mus.Web.Infrastructure.Retention.RetentionSweep>();
        if (builder.Configuration.GetValue("Retention:Enabled", true))
        {
            var hours = builder.Configuration.GetSection("Retention").Get<Mus.Web.Infrastructure.Retention.RetentionOptions>()?.IntervalHours ?? 24;
            if (hours <= 0)
            {
                throw new InvalidOperationException("Retention:IntervalHours must be positive.");
            }

            builder.Services.AddPeriodicJob("retention", TimeSpan.FromHours(hours), async (services, now, stopping) =>
            {
                var result = await services.GetRequiredService<Mus.Web.Infrastructure.Retention.RetentionSweep>().RunAsync(now, stopping);
                services.GetRequiredService<ILogger<Mus.Web.Infrastructure.Retention.RetentionSweep>>().LogInformation(
                    "Retention sweep: {Compartments} compartments shredded, {AuditRows} audit rows deleted, {SignInThrottles} old sign-in counts forgotten",
                    result.Compartments, result.AuditRows, result.SignInThrottles);
            });
        }

        builder.Services.AddScoped<Mus.Web.Infrastructure.Audit.AuditTrail>();
        // One writer per instance commits the reads of all requests in batches (group commit).
        builder.Services.AddSingleton<Mus.Web.Infrastructure.Audit.AuditWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Mus.Web.Infrastructure.Audit.AuditWriter>());
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<Mus.Web.Infrastructure.Audit.AuditFlushFilter>());
        builder.Services.AddSingleton<Mus.Web.Infrastructure.Crypto.ShredJournal>();
        builder.Services.AddScoped<RoundOpener>();
        // Read at start-up: a value that is not a number of seconds stops MUS with its name, not HR's page with a 500.
        var figuresFresh = builder.Configuration["Rounds:FiguresFreshSeconds"] is { Length: > 0 } seconds
            ? double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                ? parsed
                : throw new InvalidOperationException("Rounds:FiguresFreshSeconds must be a number of seconds, 0 or more.")
            : 10;
        builder.Services.AddSingleton(services => new RoundFigures(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(figuresFresh)));
        builder.Services.AddSingleton<Mus.Web.Data.PublishedTemplates>();
        builder.Services.AddScoped<RoundOpeningMails>();
        builder.Services.AddScoped<Rounds.Report.FiguresPublication>();
        builder.Services.AddScoped<ConversationOffers>();
        builder.Services.AddScoped<Mus.Web.Infrastructure.Email.PersonMail>();
        return builder;
    }
}
