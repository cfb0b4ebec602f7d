using Mus.Web.Infrastructure.Jobs;

namespace Mus.Web.Pages.Conversations.Plans.Journal;

public static class JournalRegistration
{
    public static WebApplicationBuilder AddJournal(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JournalOptions.Section).Get<JournalOptions>() ?? new JournalOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<JournalDelivery>();
        // The webhook's address comes from the settings only, never from a request; redirects are not followed.
        builder.Services.AddHttpClient(JournalDelivery.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        if (options.Enabled)
        {
            builder.Services.AddPeriodicJob("journal", TimeSpan.FromSeconds(options.IntervalSeconds),
                (services, now, stopping) => services.GetRequiredService<JournalDelivery>().RunAsync(now, stopping));
        }

        return builder;
    }
}
