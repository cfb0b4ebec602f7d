using Microsoft.Extensions.Logging.Console;

namespace Mus.Web.Infrastructure.Logging;

public static class LoggingRegistration
{
    /// <summary>
    /// ISO 8601 in UTC with every separator quoted: the logger formats with the request's culture, and
    /// an unquoted ':' is that culture's time separator (Danish writes 08.22.31 for 08:22:31).
    /// </summary>
    public const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    /// <summary>
    /// For whatever collects the logs, one JSON object per line with trace ids (<see cref="JsonLineFormatter"/>);
    /// for a person at a terminal (Development, the demo) one readable line each. Messages carry ids,
    /// never names, e-mail addresses or conversation content.
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder, bool forPeople)
    {
        builder.Logging.ClearProviders();
        if (forPeople)
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = false;
                options.TimestampFormat = "HH':'mm':'ss ";
            });
        }
        else
        {
            builder.Logging.AddConsole(options => options.FormatterName = JsonLineFormatter.Name);
            builder.Logging.AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
        }

        return builder;
    }
}
