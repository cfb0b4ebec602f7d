using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Mus.Bench;

/// <summary>
/// The autosave under 32 clients at once: each an employee of her own, saving her own preparation with
/// the version the last save gave her (wrk sends one body again and again, and an autosave of a version
/// already taken is refused as it should be). The bare page is driven by the same loop, in the same
/// run, so the ratio compares like with like.
/// </summary>
internal static class AutosaveLoad
{
    internal sealed record Result(double PerSecond, double P99Milliseconds, long Errors);

    internal sealed record Saver(HttpClient Client, string Url, string Token, string Field)
    {
        public long Version { get; set; }
    }

    public static async Task<Saver> PrepareAsync(int port, string cookie, int conversation)
    {
        var client = Client(port, cookie);
        var url = $"/conversations/{conversation}/preparation";
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(url));
        return new Saver(
            client,
            url + "?handler=Autosave",
            page.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            page.QuerySelector("#preparation-form textarea[name^='Answers[']")!.GetAttribute("name")!)
        {
            Version = long.Parse(page.QuerySelector("#preparation-form input[name=Version]")!.GetAttribute("value")!, CultureInfo.InvariantCulture),
        };
    }

    public static Task<Result> AutosavesAsync(IReadOnlyList<Saver> savers, int seconds) => LoopAsync(savers.Count, seconds, async (client, round) =>
    {
        var saver = savers[client];
        using var response = await saver.Client.PostAsync(saver.Url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = saver.Token,
            ["Version"] = saver.Version.ToString(CultureInfo.InvariantCulture),
            [saver.Field] = $"Udkast nummer {round} af mine noter til samtalen, skrevet lidt ad gangen.",
        }));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        saver.Version = answer.RootElement.GetProperty("version").GetInt64();
        return true;
    });

    public static Task<Result> BarePageAsync(string url, int clients, int seconds)
    {
        var http = new HttpClient();
        return LoopAsync(clients, seconds, async (_, _) =>
        {
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        });
    }

    private static async Task<Result> LoopAsync(int clients, int seconds, Func<int, int, Task<bool>> request)
    {
        var latencies = new List<double>[clients];
        long errors = 0;
        var until = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var own = latencies[client] = [];
            for (var round = 0; Stopwatch.GetTimestamp() < until; round++)
            {
                var start = Stopwatch.GetTimestamp();
                if (!await request(client, round))
                {
                    Interlocked.Increment(ref errors);
                }

                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Result(all.Count / watch.Elapsed.TotalSeconds, all.Count == 0 ? 0 : all[(int)Math.Ceiling(all.Count * 0.99) - 1], errors);
    }

    private static HttpClient Client(int port, string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Host = "localhost";
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
