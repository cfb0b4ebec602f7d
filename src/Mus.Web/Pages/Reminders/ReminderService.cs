namespace Mus.Web.Pages.Reminders;

/// <summary>Runs the reminder scan at start-up and then every <see cref="ReminderOptions.IntervalHours"/> hours.</summary>
public sealed class ReminderService(IServiceScopeFactory scopes, ReminderOptions options, TimeProvider time, ILogger<ReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.IntervalHours), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The next run picks up whatever this one did not finish; nothing is reminded twice.
                logger.LogError(failure, "Reminder scan failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class ReminderRegistration
{
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>() ?? new ReminderOptions();
        if (options.IntervalHours <= 0)
        {
            throw new InvalidOperationException("Reminders:IntervalHours must be positive.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<ReminderScan>();
        if (options.Enabled)
        {
            builder.Services.AddHostedService<ReminderService>();
        }

        return builder;
    }
}
