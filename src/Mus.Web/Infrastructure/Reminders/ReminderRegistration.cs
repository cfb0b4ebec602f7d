using Mus.Web.Infrastructure.Jobs;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Reminders;

public static class ReminderRegistration
{
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<ReminderOptions>(ReminderOptions.Section);
        builder.Services.AddScoped<ReminderScan>();
        builder.Services.AddSingleton<Infrastructure.Email.UnsubscribeLinks>();
        if (options.Enabled)
        {
            // Scanned at start-up and then every IntervalHours, on whichever instance takes the turn.
            builder.Services.AddPeriodicJob("reminders", TimeSpan.FromHours(options.IntervalHours),
                (services, now, stopping) => services.GetRequiredService<ReminderScan>().RunAsync(now, stopping));
        }

        return builder;
    }
}
