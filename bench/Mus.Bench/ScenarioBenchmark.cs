using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;
using Mus.Web.Pages.Rounds;

namespace Mus.Bench;

/// <summary>
/// A deadline morning: 500 employees of a 25,000-person organisation, signed in, each opening their
/// start page, their preparation, and autosaving it, with 1–4 s of reading and typing between requests,
/// for five minutes, against three MUS processes (Release, Production) on one PostgreSQL, requests
/// spread round-robin over the three as a proxy would. Prints p50/p95/p99 per kind of request and
/// every answer that was not a success.
/// Run: dotnet run -c Release --project bench/Mus.Bench -- scenario [--users 500 --minutes 5 --postgres "Host=…;Username=…"]
/// </summary>
internal static partial class ScenarioBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = LoadBenchmark.Option(args, "--users", "500", int.Parse);
        var minutes = LoadBenchmark.Option(args, "--minutes", "5", double.Parse);
        var instanceCount = LoadBenchmark.Option(args, "--instances", "3", int.Parse);
        var server = LoadBenchmark.Option(args, "--postgres", Environment.GetEnvironmentVariable("MUS_TEST_POSTGRES") ?? "", s => s);
        var directory = Path.Combine(Path.GetTempPath(), "mus-scenario-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string>
        {
            ["DataDirectory"] = directory,
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = await LoadBenchmark.CreatePostgresDatabaseAsync(server),
            ["App:PublicUrl"] = "https://localhost",
            ["Mail:PickupDirectory"] = Path.Combine(directory, "mail"),
            ["Mail:DispatchEnabled"] = "false",
            ["SignIn:AttemptsPerClientPerMinute"] = "100000",
        };

        var watch = Stopwatch.StartNew();
        var conversations = await SeedAsync(settings, users);
        Console.WriteLine($"seeded 25,000 people, a round open for all, {users} accounts: {watch.Elapsed.TotalSeconds:F0} s");

        var ports = new List<int>();
        var processes = new List<Process>();
        for (var i = 0; i < instanceCount; i++)
        {
            processes.Add(LoadBenchmark.StartApp(settings, out var port));
            ports.Add(port);
        }

        try
        {
            foreach (var port in ports)
            {
                await LoadBenchmark.WaitUntilReadyAsync(port);
            }

            var results = new ConcurrentBag<(string Kind, double Milliseconds, int Status, DateTime At)>();
            var next = 0;
            int NextPort() => ports[(int)((uint)Interlocked.Increment(ref next) % (uint)ports.Count)];
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
            // Sign-ins are spread over the first minute (each costs a password hash); figures are of the minutes after it.
            var ramp = TimeSpan.FromSeconds(60);
            var steadyFrom = DateTime.UtcNow + ramp;
            var until = steadyFrom.AddMinutes(minutes);
            Console.WriteLine($"{users} users on {instanceCount} instances: {ramp.TotalSeconds:F0} s of signing in, then {minutes} min measured...");
            await Task.WhenAll(conversations.Select((conversation, i) => Task.Run(async () =>
            {
                await Task.Delay(ramp * i / users);
                await UserAsync(http, NextPort, conversation.Email, conversation.Id, until, results, new Random(i));
            })));

            var everything = results.ToList();
            var all = everything.Where(r => r.At >= steadyFrom).ToList();
            Console.WriteLine($"sign-ins and requests during the ramp-up: {everything.Count - all.Count:N0}, of which 5xx or no answer: {everything.Count(r => r.At < steadyFrom && r.Status is >= 500 or 0)}");
            var steadySeconds = minutes * 60;
            Console.WriteLine($"after the ramp-up: {all.Count:N0} requests in {steadySeconds:F0} s = {all.Count / steadySeconds:F0} req/s");
            foreach (var kind in all.GroupBy(r => r.Kind).OrderBy(g => g.Key))
            {
                var sorted = kind.Select(r => r.Milliseconds).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind.Key,-12} {sorted.Count,7:N0}  p50 {Percentile(sorted, 0.50),6:F1} ms  p95 {Percentile(sorted, 0.95),6:F1} ms  p99 {Percentile(sorted, 0.99),6:F1} ms  max {sorted[^1],7:F1} ms"));
            }

            var overall = all.Select(r => r.Milliseconds).Order().ToList();
            var failures = everything.Where(r => r.Status is >= 500 or 0).GroupBy(r => r.Status).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}").ToList();
            var refusals = everything.Where(r => r.Status is >= 400 and < 500).GroupBy(r => r.Status).Select(g => $"{g.Key}: {g.Count()}").ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all          p95 {Percentile(overall, 0.95):F1} ms; 5xx or no answer: {(failures.Count == 0 ? "0" : string.Join(", ", failures))}; 4xx: {(refusals.Count == 0 ? "0" : string.Join(", ", refusals))}"));
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One employee: signs in, then start page, preparation, an autosave, with a pause before each.</summary>
    static async Task UserAsync(HttpClient http, Func<int> nextPort, string email, int conversation, DateTime until, ConcurrentBag<(string, double, int, DateTime)> results, Random random)
    {
        string cookie;
        while (true)
        {
            // A refused sign-in is counted like any other answer, and tried again after a pause.
            var watch = Stopwatch.StartNew();
            try
            {
                cookie = await LoadBenchmark.SignInAsync(nextPort(), email);
                results.Add(("sign-in", watch.Elapsed.TotalMilliseconds, 302, DateTime.UtcNow));
                break;
            }
            catch (LoadBenchmark.SignInRefusedException refused)
            {
                results.Add(("sign-in", watch.Elapsed.TotalMilliseconds, refused.Status, DateTime.UtcNow));
                await Task.Delay(1000);
            }
        }

        string token = "", version = "0";
        var typed = 0;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(random.Next(1000, 4000));
            await TimedAsync("start page", HttpMethod.Get, "/start/employee", null);
            await Task.Delay(random.Next(1000, 4000));
            var page = await TimedAsync("preparation", HttpMethod.Get, $"/conversations/{conversation}/preparation", null);
            if (page is not null)
            {
                var form = await new HtmlParser().ParseDocumentAsync(page);
                token = form.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? token;
                version = form.QuerySelector("#preparation-form input[name=Version]")?.GetAttribute("value") ?? version;
            }

            await Task.Delay(random.Next(1000, 4000));
            typed++;
            var saved = await TimedAsync("autosave", HttpMethod.Post, $"/conversations/{conversation}/preparation?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = version,
                ["Answers[tasks-success]"] = $"Det, der lykkedes i år, skrevet i {typed} omgange.",
            }));
            if (saved is not null && VersionNumber().Match(saved) is { Success: true } match)
            {
                version = match.Groups[1].Value;
            }
        }

        async Task<string?> TimedAsync(string kind, HttpMethod method, string path, HttpContent? content)
        {
            using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{nextPort()}{path}") { Content = content };
            request.Headers.Host = "localhost";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("Cookie", cookie);
            var watch = Stopwatch.StartNew();
            var at = DateTime.UtcNow;
            try
            {
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                results.Add((kind, watch.Elapsed.TotalMilliseconds, (int)response.StatusCode, at));
                return response.IsSuccessStatusCode ? body : null;
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                results.Add((kind, watch.Elapsed.TotalMilliseconds, 0, at));
                return null;
            }
        }
    }

    static async Task<List<(string Email, int Id)>> SeedAsync(Dictionary<string, string> settings, int users)
    {
        await using var factory = LoadBenchmark.SeedingHost(settings);
        await RoundBenchmark.SeedAsync(factory.Services, 25_000, 500);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var opened = await LoadBenchmark.OpenRoundForEveryoneAsync(scope.ServiceProvider, "Scenarie");

        // Accounts for the first employees (m0 has one already), all with the same password hashed once.
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(null!, RoundBenchmark.Password);
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();
        var people = await db.People.Where(p => p.Email.StartsWith("m") && p.Email.EndsWith("@bench.example.dk"))
            .Select(p => new { p.Id, p.Email, p.EmployeeNumber })
            .ToListAsync();
        var chosen = people.Where(p => p.EmployeeNumber.StartsWith('E')).OrderBy(p => int.Parse(p.EmployeeNumber[1..], CultureInfo.InvariantCulture)).Take(users).ToList();
        var existing = (await db.Users.Select(u => u.Email).ToListAsync()).ToHashSet();
        db.Users.AddRange(chosen.Where(p => !existing.Contains(p.Email)).Select(p => new AppUser
        {
            UserName = p.Email,
            NormalizedUserName = normalizer.NormalizeName(p.Email),
            Email = p.Email,
            NormalizedEmail = normalizer.NormalizeEmail(p.Email),
            EmailConfirmed = true,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            PersonId = p.Id,
        }));
        await db.SaveChangesAsync();
        var ids = chosen.Select(p => p.Id).ToList();
        var conversations = await db.Conversations.Where(c => c.RoundId == opened.RoundId && ids.Contains(c.EmployeeId)).Select(c => new { c.EmployeeId, c.Id }).ToDictionaryAsync(c => c.EmployeeId, c => c.Id);
        return [.. chosen.Select(p => (p.Email, conversations[p.Id]))];
    }

    static double Percentile(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * share))];

    [GeneratedRegex(@"""version"":(\d+)")]
    private static partial Regex VersionNumber();
}
