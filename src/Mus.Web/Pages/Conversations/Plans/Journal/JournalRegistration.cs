using Mus.Web.Infrastructure.Jobs;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Pages.Conversations.Plans.Journal;

public static class JournalRegistration
{
    public static WebApplicationBuilder AddJournal(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<JournalOptions>(JournalOptions.Section);
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
