using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer library) on a free loopback port. It can be
/// stopped and started again on the same port, to play a mail server that is down for a while.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> received = new();
    private CancellationTokenSource? running;
    private Task? serving;

    public TestSmtpServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => received;

    /// <summary>The settings that point the application at this server.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:SmtpUseTls"] = "false",
    };

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        running = new CancellationTokenSource();
        serving = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
    }

    public async Task StopAsync()
    {
        if (running is not null)
        {
            await running.CancelAsync();
            try
            {
                await serving!;
            }
            catch (OperationCanceledException)
            {
            }

            running.Dispose();
            running = null;
        }
    }

    /// <summary>Waits (up to ten seconds) until at least <paramref name="count"/> mails have arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        for (var tries = 0; tries < 100 && received.Count < count; tries++)
        {
            await Task.Delay(100);
        }

        Assert.True(received.Count >= count, $"{received.Count} of {count} mails arrived");
        return [.. received];
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
