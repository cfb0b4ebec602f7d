using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Web.Api.Clients;
using Mus.Web.Data;

namespace Mus.Bench;

/// <summary>
/// API v1's round status over a round of 25,000 (the round benchmark's organisation): MUS in its own
/// process (Release, Production); each call timed alone, sequentially, after a warm-up, beside
/// <c>/health/live</c> (MUS's pipeline without work) in the same run.
/// Run: dotnet run -c Release --project bench/Mus.Bench -- api [--provider Postgres] [--employees 25000] [--runs 30]
/// </summary>
internal static class ApiBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var employees = LoadBenchmark.Option(args, "--employees", "25000", int.Parse);
        var runs = LoadBenchmark.Option(args, "--runs", "30", int.Parse);
        var provider = LoadBenchmark.Option(args, "--provider", "Sqlite", s => s);
        var (settings, directory) = await LoadBenchmark.SettingsAsync(args, "mus-api-", provider);
        string token;
        int roundId;
        await using (var factory = LoadBenchmark.SeedingHost(settings))
        {
            await RoundBenchmark.SeedAsync(factory.Services, employees, 500);
            await using var scope = factory.Services.CreateAsyncScope();
            roundId = (await LoadBenchmark.OpenRoundForEveryoneAsync(scope.ServiceProvider, "API")).RoundId;
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (_, token) = await ApiTokens.CreateClientAsync(db, "bench", [ApiScopes.RoundsRead], DateTime.UtcNow, null);
            Console.WriteLine($"{provider}: seeded {employees:N0} people with a round open for all ({await db.Conversations.CountAsync(c => c.RoundId == roundId):N0} conversations)");
        }

        using var app = LoadBenchmark.StartApp(settings, out var port);
        try
        {
            await LoadBenchmark.WaitUntilReadyAsync(port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            http.DefaultRequestHeaders.Host = "localhost";
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

            async Task<double> MedianAsync(string path, int times)
            {
                for (var warm = 0; warm < 3; warm++)
                {
                    (await http.GetAsync(path)).EnsureSuccessStatusCode();
                }

                var measured = new List<double>();
                for (var run = 0; run < times; run++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await http.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    watch.Stop();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
                    }

                    measured.Add(watch.Elapsed.TotalMilliseconds);
                }

                measured.Sort();
                return measured[measured.Count / 2];
            }

            var bare = await MedianAsync("/health/live", runs);
            var status = await MedianAsync($"/api/v1/rounds/{roundId}", runs);
            var list = await MedianAsync("/api/v1/rounds", runs);
            var page = await MedianAsync($"/api/v1/rounds/{roundId}/conversations?page=13&pageSize=1000", runs);
            var all = Stopwatch.StartNew();
            for (var number = 1; number <= (employees + 999) / 1000; number++)
            {
                (await http.GetAsync($"/api/v1/rounds/{roundId}/conversations?page={number}&pageSize=1000")).EnsureSuccessStatusCode();
            }

            all.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  /health/live (bare)                       median {bare,7:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GET /api/v1/rounds/{{id}} (status)         median {status,7:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GET /api/v1/rounds (every round)          median {list,7:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GET …/conversations (a page of 1000)      median {page,7:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all {employees:N0} conversations, 1000 a page: {all.Elapsed.TotalMilliseconds:F0} ms"));
            return 0;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            Directory.Delete(directory, recursive: true);
        }
    }
}
