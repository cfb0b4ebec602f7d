namespace Mus.Web.Pages.Reminders;

/// <summary>
/// Runs the reminder scan at start-up and then every <see cref="ReminderOptions.IntervalHours"/> hours,
/// on whichever instance takes the turn (<see cref="Infrastructure.Jobs.JobTurn"/>).
/// </summary>
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
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (!await Infrastructure.Jobs.JobTurn.TakeAsync(db, "reminders", time.GetUtcNow(), TimeSpan.FromHours(options.IntervalHours), stoppingToken))
                {
                    continue;
                }

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
