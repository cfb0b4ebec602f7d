using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Mus.Web.Infrastructure.Logging;

/// <summary>
/// One JSON object per line, as the framework's JSON console writes it (Timestamp, EventId, LogLevel,
/// Category, Message, Exception, State), with the trace and span ids of the activity the line was
/// written in, so a line can be found from a trace and the other way round. The framework's own
/// formatter only gives those through scopes, and the request scope carries the path, which for the
/// calendar feed is a secret: scopes are never written.
/// </summary>
public sealed class JsonLineFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "mus-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTimeOffset.UtcNow.ToString(LoggingRegistration.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", logEntry.EventId.Id);
            json.WriteString("LogLevel", logEntry.LogLevel.ToString());
            json.WriteString("Category", logEntry.Category);
            json.WriteString("Message", message);
            if (logEntry.Exception is not null)
            {
                json.WriteString("Exception", logEntry.Exception.ToString());
            }

            if (Activity.Current is { } activity)
            {
                json.WriteString("TraceId", activity.TraceId.ToHexString());
                json.WriteString("SpanId", activity.SpanId.ToHexString());
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                json.WriteStartObject("State");
                foreach (var (key, value) in properties)
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        textWriter.Write(Environment.NewLine);
    }
}
