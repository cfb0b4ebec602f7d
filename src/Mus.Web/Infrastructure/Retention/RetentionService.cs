using Microsoft.Extensions.Options;

namespace Mus.Web.Infrastructure.Retention;

/// <summary>
/// Runs the retention sweep at start-up and then every <see cref="RetentionOptions.IntervalHours"/> hours,
/// on whichever instance takes the turn (<see cref="Jobs.JobTurn"/>).
/// </summary>
public sealed class RetentionService(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.Value.IntervalHours), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (!await Jobs.JobTurn.TakeAsync(db, "retention", time.GetUtcNow(), TimeSpan.FromHours(options.Value.IntervalHours), stoppingToken))
                {
                    continue;
                }

                var result = await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(time.GetUtcNow(), stoppingToken);
                logger.LogInformation("Retention sweep: {Compartments} compartments shredded, {AuditRows} audit rows deleted, {SignInThrottles} old sign-in counts forgotten", result.Compartments, result.AuditRows, result.SignInThrottles);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The next round tries again; nothing is half-done, since every step is a delete.
                logger.LogError(failure, "Retention sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
