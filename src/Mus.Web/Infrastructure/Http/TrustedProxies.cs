using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// Which proxies' X-Forwarded-* headers are believed: this host (a proxy beside the application), and
/// the addresses or networks in <c>App:TrustedProxies</c> ("10.0.0.5, 10.0.1.0/24") for a proxy on
/// another machine. From anyone else the headers are ignored: a client could otherwise claim HTTPS,
/// or another address to get round the per-client limits.
/// </summary>
public sealed class TrustedProxies(ForwardedHeadersOptions forwarded)
{
    /// <summary>The options for <c>UseForwardedHeaders</c>, read from the settings at start.</summary>
    public ForwardedHeadersOptions Forwarded { get; } = forwarded;

    public const string Setting = "App:TrustedProxies";

    public static ForwardedHeadersOptions Options(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var entry in (configuration[Setting] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/'))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(entry, out var network)
                    ? network
                    : throw new InvalidOperationException($"{Setting}: '{entry}' is not a network such as 10.0.1.0/24."));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.TryParse(entry, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Setting}: '{entry}' is not an IP address such as 10.0.0.5."));
            }
        }

        return options;
    }
}
