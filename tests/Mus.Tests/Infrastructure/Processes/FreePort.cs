using System.Net;
using System.Net.Sockets;

namespace Mus.Tests.Infrastructure.Processes;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on at this moment (the system's choice for port 0).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
