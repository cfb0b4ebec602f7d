using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Mus.Bench;

/// <summary>An SMTP server in the benchmark's process on a free loopback port, counting what it receives.</summary>
internal sealed class BenchSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource running = new();
    private readonly Task serving;
    private int received;

    public BenchSmtpServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Counter(this));
        serving = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
    }

    public int Port { get; }

    public int Received => Volatile.Read(ref received);

    public async ValueTask DisposeAsync()
    {
        await running.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }

        running.Dispose();
    }

    private sealed class Counter(BenchSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref server.received);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
