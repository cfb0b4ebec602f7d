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
        services.Add(new NoDelayListenerFactory());
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

/// <summary>
/// Accepts connections with Nagle's algorithm off, as production mail servers do; the library's own
/// listener leaves it on, which costs every message a delayed-ACK wait (about 40 ms) and would be
/// measured instead of MUS.
/// </summary>
internal sealed class NoDelayListenerFactory : SmtpServer.Net.IEndpointListenerFactory
{
    public SmtpServer.Net.IEndpointListener CreateListener(SmtpServer.IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : SmtpServer.Net.IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new Pipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class Pipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
    {
        private readonly NetworkStream stream = client.GetStream();

        public System.IO.Pipelines.PipeReader Input => field ??= System.IO.Pipelines.PipeReader.Create(stream);

        public System.IO.Pipelines.PipeWriter Output => field ??= System.IO.Pipelines.PipeWriter.Create(stream);

        public bool IsSecure => false;

        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The benchmark's server does not offer TLS.");

        public void Dispose() => client.Dispose();
    }
}
