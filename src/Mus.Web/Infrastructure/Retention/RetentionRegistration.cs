using Mus.Web.Infrastructure.Jobs;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Retention;

public static class RetentionRegistration
{
    /// <summary>The retention sweep, run every <c>Retention:IntervalHours</c> on whichever instance takes the turn (unless <c>Retention:Enabled=false</c>).</summary>
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddScoped<RetentionSweep>();
        if (options.Enabled)
        {
            builder.Services.AddPeriodicJob("retention", TimeSpan.FromHours(options.IntervalHours), async (services, now, stopping) =>
            {
                var result = await services.GetRequiredService<RetentionSweep>().RunAsync(now, stopping);
                services.GetRequiredService<ILogger<RetentionSweep>>().LogInformation(
                    "Retention sweep: {Compartments} compartments shredded, {AuditRows} audit rows deleted, {SignInThrottles} old sign-in counts forgotten",
                    result.Compartments, result.AuditRows, result.SignInThrottles);
            });
        }

        return builder;
    }
}
