namespace Mus.Web.Infrastructure.Logging;

public static class LoggingRegistration
{
    /// <summary>
    /// One JSON object per line on the console, for whatever collects the logs. Messages carry ids,
    /// never names, e-mail addresses or conversation content.
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = false;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });
        return builder;
    }
}
