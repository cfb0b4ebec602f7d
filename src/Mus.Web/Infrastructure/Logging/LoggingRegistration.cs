namespace Mus.Web.Infrastructure.Logging;

public static class LoggingRegistration
{
    /// <summary>
    /// ISO 8601 in UTC with every separator quoted: the logger formats with the request's culture, and
    /// an unquoted ':' is that culture's time separator (Danish writes 08.22.31 for 08:22:31).
    /// </summary>
    public const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

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
            options.TimestampFormat = TimestampFormat;
            options.UseUtcTimestamp = true;
        });
        return builder;
    }
}
