using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Mus.Web.Api.Clients;
using Mus.Web.Data;
using Mus.Web.Domain;

namespace Mus.Bench;

/// <summary>
/// A directory provisioning a whole organisation through SCIM: MUS in its own process (Release,
/// Production) with 500 units and no people; a client creates a director, 500 unit leaders under the
/// director, then the employees under their unit's leader (each level after the one above, as managers
/// must exist first), each level sent in batches of <c>--batch</c> requests with <c>--parallel</c> in
/// flight. Prints the total time, requests per second and per-request percentiles, then checks the
/// count through SCIM.
/// Run: dotnet run -c Release --project bench/Mus.Bench -- scim [--provider Postgres] [--users 25000] [--parallel 8] [--batch 500]
/// </summary>
internal static class ScimBenchmark
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    public static async Task<int> RunAsync(string[] args)
    {
        var users = LoadBenchmark.Option(args, "--users", "25000", int.Parse);
        var units = LoadBenchmark.Option(args, "--units", "500", int.Parse);
        var parallel = LoadBenchmark.Option(args, "--parallel", "8", int.Parse);
        var batch = LoadBenchmark.Option(args, "--batch", "500", int.Parse);
        var provider = LoadBenchmark.Option(args, "--provider", "Sqlite", s => s);
        var (settings, directory) = await LoadBenchmark.SettingsAsync(args, "mus-scim-", provider);
        var token = await PrepareAsync(settings, units);
        using var app = LoadBenchmark.StartApp(settings, out var port);
        try
        {
            await LoadBenchmark.WaitUntilReadyAsync(port);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // As behind the proxy of docs/deployment.md: the public host, TLS ended at the proxy.
            client.DefaultRequestHeaders.Host = "localhost";
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

            var times = new List<double>();
            var failures = 0;
            var total = Stopwatch.StartNew();
            var director = await CreateAsync(client, User(0, "DIR", null), times, () => failures++);
            var leaders = new string?[units];
            await SendAsync(Enumerable.Range(0, units).ToList(), parallel, batch, async unit =>
                leaders[unit] = await CreateAsync(client, User(1 + unit, "U" + unit.ToString(CultureInfo.InvariantCulture), director), times, () => Interlocked.Increment(ref failures)));
            var employees = Enumerable.Range(1 + units, Math.Max(0, users - 1 - units)).ToList();
            await SendAsync(employees, parallel, batch, async number =>
                await CreateAsync(client, User(number, "U" + (number % units).ToString(CultureInfo.InvariantCulture), leaders[number % units]), times, () => Interlocked.Increment(ref failures)));
            total.Stop();

            var count = JsonNode.Parse(await client.GetStringAsync("/scim/v2/Users?count=1"))!["totalResults"]!.GetValue<int>();
            var lookup = Stopwatch.StartNew();
            var found = JsonNode.Parse(await client.GetStringAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"user{users - 1:D5}@bench.example.dk\"")))!["totalResults"]!.GetValue<int>();
            lookup.Stop();
            times.Sort();
            double Percentile(double p) => times[Math.Min(times.Count - 1, (int)(times.Count * p))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: SCIM created {times.Count - failures:N0} users ({failures} failed) in {total.Elapsed.TotalSeconds:F1} s: {times.Count / total.Elapsed.TotalSeconds:F0} req/s, {parallel} in flight, batches of {batch}; per request p50 {Percentile(0.50):F1} ms, p95 {Percentile(0.95):F1} ms, p99 {Percentile(0.99):F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  SCIM says {count:N0} users; userName filter for the last one: {found} found in {lookup.Elapsed.TotalMilliseconds:F1} ms"));
            return failures == 0 && count == users && found == 1 ? 0 : 1;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Migrates the database, makes the units and an API client with the scim scope; returns its token.</summary>
    private static async Task<string> PrepareAsync(Dictionary<string, string> settings, int units)
    {
        await using var factory = LoadBenchmark.SeedingHost(settings);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var top = new OrgUnit { Code = "DIR", Name = "Direktionen" };
        db.OrgUnits.Add(top);
        await db.SaveChangesAsync();
        db.OrgUnits.AddRange(Enumerable.Range(0, units).Select(n => new OrgUnit { Code = "U" + n.ToString(CultureInfo.InvariantCulture), Name = "Enhed " + n.ToString(CultureInfo.InvariantCulture), ParentId = top.Id }));
        var (_, token) = await ApiTokens.CreateClientAsync(db, "bench", [ApiScopes.Scim], DateTime.UtcNow, null);
        return token;
    }

    private static string User(int number, string department, string? managerId)
    {
        var id = number.ToString("D5", CultureInfo.InvariantCulture);
        var user = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User", Enterprise),
            ["externalId"] = "ext-" + id,
            ["userName"] = $"user{id}@bench.example.dk",
            ["name"] = new JsonObject { ["givenName"] = "Bruger", ["familyName"] = id },
            ["displayName"] = "Bruger " + id,
            ["active"] = true,
            ["emails"] = new JsonArray(new JsonObject { ["value"] = $"user{id}@bench.example.dk", ["type"] = "work", ["primary"] = true }),
            [Enterprise] = new JsonObject { ["employeeNumber"] = "B" + id, ["department"] = department },
        };
        if (managerId is not null)
        {
            user[Enterprise]!["manager"] = new JsonObject { ["value"] = managerId };
        }

        return user.ToJsonString();
    }

    private static async Task<string?> CreateAsync(HttpClient client, string body, List<double> times, Action failed)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/scim/v2/Users", new StringContent(body, Encoding.UTF8, "application/scim+json"));
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        lock (times)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        if (response.StatusCode != HttpStatusCode.Created)
        {
            failed();
            Console.Error.WriteLine($"  {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            return null;
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>The items in batches; within a batch, <paramref name="parallel"/> requests in flight.</summary>
    private static async Task SendAsync(List<int> items, int parallel, int batch, Func<int, Task> send)
    {
        foreach (var chunk in items.Chunk(batch))
        {
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await send(item));
        }
    }
}
