using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Mus.Web.Infrastructure.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint answers the configured networks, or anyone with the token. The
/// figures name nobody, but they tell how busy an organisation's MUS is and how its mail fares, which
/// is no business of the internet. Behind a proxy, the address is the client's (forwarded headers are
/// believed from the trusted proxies only), so a scraper reaches an instance directly.
/// </summary>
public sealed class MetricsGuard(TelemetryOptions options)
{
    public const string Path = "/metrics";

    private static readonly string[] ThisHost = ["127.0.0.1/32", "::1/128"];

    private readonly IReadOnlyList<IPNetwork> networks = [.. (options.MetricsNetworks.Length == 0 ? ThisHost : options.MetricsNetworks).Select(Parse)];
    private readonly byte[]? token = options.MetricsToken is { Length: > 0 } t ? SHA256.HashData(Encoding.UTF8.GetBytes(t)) : null;

    private static IPNetwork Parse(string network) => IPNetwork.TryParse(network, out var parsed)
        ? parsed
        : throw new InvalidOperationException($"Telemetry:MetricsNetworks holds '{network}', which is not a network such as 10.0.0.0/8 or ::1/128.");

    public bool Allows(HttpContext context)
    {
        var presented = context.Request.Headers.Authorization.ToString();
        if (token is not null && presented.StartsWith("Bearer ", StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(token, SHA256.HashData(Encoding.UTF8.GetBytes(presented["Bearer ".Length..]))))
        {
            return true;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(address));
    }
}
