namespace Mus.Web.Infrastructure.Jobs;

/// <summary>
/// A job run at start-up and then every <paramref name="interval"/>, each time in a scope of its own and
/// only on the instance that takes its turn (<see cref="JobTurn"/>). A run that fails is logged and the
/// next one tries again: the jobs are written so that finishing an interrupted run does each item once.
/// </summary>
public sealed class PeriodicJob(string name, TimeSpan interval, Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> run,
    IServiceScopeFactory scopes, Telemetry.MusMetrics metrics, TimeProvider time, ILogger<PeriodicJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await JobTurn.TakeAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), name, time.GetUtcNow(), interval, stoppingToken))
                {
                    await run(scope.ServiceProvider, time.GetUtcNow(), stoppingToken);
                    metrics.JobRun(name, "done");
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "The periodic job {Job} failed; it runs again in {Interval}", name, interval);
                metrics.JobRun(name, "failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PeriodicJobRegistration
{
    public static IServiceCollection AddPeriodicJob(this IServiceCollection services, string name, TimeSpan interval, Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> run) =>
        services.AddSingleton<IHostedService>(provider => new PeriodicJob(name, interval, run,
            provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<Telemetry.MusMetrics>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<PeriodicJob>>()));
}
