using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;

namespace Mus.Tests.Infrastructure.Email;

/// <summary>
/// A mail server that offers no STARTTLS but invites AUTH PLAIN (a relay set up wrong, or a man in the
/// middle stripping STARTTLS): MUS sends nothing, the password least of all, and says why where the
/// administrator looks.
/// </summary>
public sealed class SmtpTlsTests
{
    private const string Password = "smtp-hemmelighed-7431";

    [Theory]
    [InlineData("true", "STARTTLS")]
    [InlineData("false", "Mail:SmtpUseTls")]
    public async Task WithoutTls_ThePasswordIsNeverSent_AndTheAdministratorIsTold(string useTls, string told)
    {
        await using var server = new RecordingSmtpServer();
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:SmtpUseTls"] = useTls,
            ["Mail:SmtpUser"] = "mus",
            ["Mail:SmtpPassword"] = Password,
            ["Mail:DispatchEnabled"] = "false",
        });
        await app.WithDbAsync(async db =>
        {
            db.OutboxMails.Add(OutboxMail.Create(DemoPeople.Employee, "Prøve", "Brødtekst", "da", "test", TestClock.UtcNow.UtcDateTime, "localhost"));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

        // The server was reached (it heard EHLO) and heard neither a password nor a mail.
        var heard = server.Heard;
        Assert.Contains("EHLO", heard, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTH", heard, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0mus\0" + Password)), heard, StringComparison.Ordinal);
        Assert.DoesNotContain("MAIL FROM", heard, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().SingleAsync());
        Assert.Null(stored.SentAt);
        Assert.Contains(told, stored.LastError, StringComparison.Ordinal);

        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        var page = await administrator.GetPageAsync("/mail");
        Assert.Contains(told, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Greets, offers AUTH PLAIN without STARTTLS, and writes down every line it is sent.</summary>
    private sealed class RecordingSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly StringBuilder heard = new();
        private readonly CancellationTokenSource stop = new();
        private readonly Task serving;

        public RecordingSmtpServer()
        {
            listener.Start();
            serving = ServeAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public string Heard
        {
            get
            {
                lock (heard)
                {
                    return heard.ToString();
                }
            }
        }

        private async Task ServeAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    await using var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                    await writer.WriteLineAsync("220 relay.example ESMTP");
                    while (await reader.ReadLineAsync(stop.Token) is { } line)
                    {
                        lock (heard)
                        {
                            heard.AppendLine(line);
                        }

                        var verb = line.Split(' ')[0].ToUpperInvariant();
                        await writer.WriteLineAsync(verb switch
                        {
                            "EHLO" => "250-relay.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME",
                            "QUIT" => "221 bye",
                            _ => "250 ok",
                        });
                        if (verb == "QUIT")
                        {
                            break;
                        }
                    }
                }
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or IOException or SocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await serving;
            stop.Dispose();
        }
    }
}
