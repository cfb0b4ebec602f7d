using System.Net;
using Mus.Tests.Infrastructure.Processes;

namespace Mus.Tests.Infrastructure;

/// <summary>A webhook receiver on loopback that answers with <see cref="Answer"/> and keeps what it got.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>How long it takes to answer, as a slow records system.</summary>
    public TimeSpan Delay { get; init; }

    public List<(Dictionary<string, string> Headers, byte[] Body)> Received { get; } = [];

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (Received)
            {
                Received.Add((context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!), body.ToArray()));
            }

            await Task.Delay(Delay);
            context.Response.StatusCode = (int)Answer;
            context.Response.Close();
        }
    }

    public void Dispose() => listener.Close();
}
