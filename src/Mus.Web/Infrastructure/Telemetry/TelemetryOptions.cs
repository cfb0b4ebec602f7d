namespace Mus.Web.Infrastructure.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions : Settings.ISettings
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where traces and metrics are pushed by OTLP (gRPC, e.g. http://collector:4317); none when unset.
    /// The standard OTEL_EXPORTER_OTLP_* variables are honoured too.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Networks (CIDR) whose addresses may read <c>/metrics</c> without a token; none set means this host
    /// only. (Empty by default: the configuration binder adds configured items to an array's defaults.)
    /// </summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>A bearer token that lets a scraper from any address read <c>/metrics</c>; none when unset.</summary>
    public string? MetricsToken { get; set; }

    public IEnumerable<string> Problems() =>
        MetricsNetworks.Where(network => !System.Net.IPNetwork.TryParse(network, out _))
            .Select(_ => $"{Section}:MetricsNetworks holds an entry that is not a network such as 10.0.0.0/8 or ::1/128.").Take(1);
}
