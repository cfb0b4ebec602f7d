using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mus.Web;
using Mus.Web.Data;
using Mus.Web.Data.Postgres;
using Mus.Web.Data.Sqlite;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;
using Mus.Web.Pages.Rounds;

namespace Mus.Bench;

/// <summary>
/// The pages people open on the deadline day, under 32 clients at once (wrk), against MUS as it runs
/// in production (Release build, its own process, Production environment) over a 25,000-person
/// organisation with a round open for everyone; and, in turns with each page, a bare Razor page with
/// one EF Core query over the same database and none of MUS around it. Prints each
/// page's requests/s and p99 and its ratio to the bare page measured just before it.
/// Run: dotnet run -c Release --project bench/Mus.Bench -- load [--provider Postgres --postgres "Host=…;Username=…"] [--seconds 10] [--pages leader]
/// Needs wrk (apt-get install wrk).
/// </summary>
internal static partial class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var employees = Option(args, "--employees", "25000", int.Parse);
        var units = Option(args, "--units", "500", int.Parse);
        var seconds = Option(args, "--seconds", "10", int.Parse);
        var provider = Option(args, "--provider", "Sqlite", s => s);
        // Only the pages whose name contains this (e.g. "leader"), to profile one page at a time.
        var only = Option(args, "--pages", "", s => s);
        var (settings, directory) = await SettingsAsync(args, "mus-load-", provider);
        var connectionString = settings.GetValueOrDefault("ConnectionStrings:Default");

        var watch = Stopwatch.StartNew();
        var pages = await SeedAsync(settings, employees, units);
        Console.WriteLine($"{provider}: seeded {employees:N0} people in {units} units with a round open for all: {watch.Elapsed.TotalSeconds:F0} s");

        using var app = StartApp(settings, out var appPort);
        try
        {
            await using var bare = await StartBarePageAsync(provider, connectionString ?? $"Data Source={Path.Combine(directory, "mus.db")}", pages.EmployeeId);
            await WaitUntilReadyAsync(appPort);
            using (var probe = new HttpClient())
            {
                var answer = await probe.GetAsync(bare.Url);
                var body = await answer.Content.ReadAsStringAsync();
                if (answer.StatusCode != HttpStatusCode.OK || !body.Contains("Medarbejder 00000", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The bare page answered {(int)answer.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
                }
            }

            var cookies = new Dictionary<string, string>();
            foreach (var email in new[] { RoundBenchmark.EmployeeEmail, LeaderEmail, RoundBenchmark.HrEmail })
            {
                cookies[email] = await SignInAsync(appPort, email);
            }

            var table = new List<(string Page, Wrk Result, Wrk Bare)>();
            foreach (var (name, email, path, expected) in pages.Urls.Where(u => u.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                // Warm-up of both, then the bare page and the page in turns, so that the machine's noise falls on both.
                await RunWrkAsync(bare.Url, null, 2);
                var warm = await RunWrkAsync($"http://127.0.0.1:{appPort}{path}", cookies[email], 2);
                if (warm.Errors > 0)
                {
                    throw new InvalidOperationException($"{name} ({path}) answered with errors during warm-up.");
                }

                await CheckPageAsync(appPort, path, cookies[email], expected);
                var bareResult = await RunWrkAsync(bare.Url, null, seconds);
                var result = await RunWrkAsync($"http://127.0.0.1:{appPort}{path}", cookies[email], seconds);
                table.Add((name, result, bareResult));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-22} {result.PerSecond,7:F0} req/s  p99 {result.P99Milliseconds,6:F1} ms  errors {result.Errors}   bare {bareResult.PerSecond,7:F0} req/s  p99 {bareResult.P99Milliseconds,6:F1} ms   ratio {result.PerSecond / bareResult.PerSecond:F2}"));
            }

            var autosaveErrors = 0L;
            if ("autosave".Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                var savers = new List<AutosaveLoad.Saver>();
                foreach (var (email, conversation) in pages.Autosavers)
                {
                    savers.Add(await AutosaveLoad.PrepareAsync(appPort, await SignInAsync(appPort, email), conversation));
                }

                await AutosaveLoad.BarePageAsync(bare.Url, Clients, 2);
                await AutosaveLoad.AutosavesAsync(savers, 2);
                var bareLoop = await AutosaveLoad.BarePageAsync(bare.Url, Clients, seconds);
                var saves = await AutosaveLoad.AutosavesAsync(savers, seconds);
                autosaveErrors = saves.Errors;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {"autosave (32 savers)",-22} {saves.PerSecond,7:F0} req/s  p99 {saves.P99Milliseconds,6:F1} ms  errors {saves.Errors}   bare {bareLoop.PerSecond,7:F0} req/s  p99 {bareLoop.P99Milliseconds,6:F1} ms   ratio {saves.PerSecond / bareLoop.PerSecond:F2}   (both driven by this program, not wrk)"));
            }

            return table.All(t => t.Result.Errors == 0) && autosaveErrors == 0 ? 0 : 1;
        }
        finally
        {
            // Also when a page fails: no instance is left running to disturb the next measurement.
            app.Kill(entireProcessTree: true);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The settings of a benchmark's MUS: a fresh data directory (and, for PostgreSQL, a fresh database on
    /// --postgres or MUS_TEST_POSTGRES), no background jobs or mail, and limits raised so that they are
    /// not what is measured.
    /// </summary>
    internal static async Task<(Dictionary<string, string> Settings, string Directory)> SettingsAsync(string[] args, string prefix, string provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string>
        {
            ["DataDirectory"] = directory,
            ["Database:Provider"] = provider,
            ["App:PublicUrl"] = "https://localhost",
            ["Mail:PickupDirectory"] = Path.Combine(directory, "mail"),
            ["Mail:DispatchEnabled"] = "false",
            ["Reminders:Enabled"] = "false",
            ["Retention:Enabled"] = "false",
            // Every client signs in from one address, and API calls by the thousand (the default 3,000 a minute would take minutes).
            ["SignIn:AttemptsPerClientPerMinute"] = "10000",
            ["Api:RequestsPerMinute"] = "1000000",
        };
        if (provider == "Postgres")
        {
            settings["ConnectionStrings:Default"] = await CreatePostgresDatabaseAsync(Option(args, "--postgres", Environment.GetEnvironmentVariable("MUS_TEST_POSTGRES") ?? "", s => s));
        }

        return (settings, directory);
    }

    const string LeaderEmail = "leder0@bench.example.dk";

    sealed record Pages(int EmployeeId, List<(string Name, string Email, string Path, string Expected)> Urls, List<(string Email, int Conversation)> Autosavers);

    /// <summary>How many clients save at once, as wrk's connections.</summary>
    const int Clients = 32;

    /// <summary>Seeds in this process (the round benchmark's organisation), then lets go of the database.</summary>
    static async Task<Pages> SeedAsync(Dictionary<string, string> settings, int employees, int units)
    {
        await using var factory = SeedingHost(settings);
        await RoundBenchmark.SeedAsync(factory.Services, employees, units);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var leader = await db.People.Where(p => p.Email == LeaderEmail).Select(p => p.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await users.CreateAsync(new AppUser { UserName = LeaderEmail, Email = LeaderEmail, EmailConfirmed = true, PersonId = leader }, RoundBenchmark.Password);
        var opened = await OpenRoundForEveryoneAsync(scope.ServiceProvider, "Belastning");
        var employee = await db.People.Where(p => p.Email == RoundBenchmark.EmployeeEmail).Select(p => p.Id).SingleAsync();
        var conversation = await db.Conversations.Where(c => c.RoundId == opened.RoundId && c.EmployeeId == employee).Select(c => c.Id).SingleAsync();

        // The autosavers: m0 and 31 colleagues, each with an account and her own conversation in the round.
        var autosavers = new List<(string Email, int Conversation)>();
        for (var i = 0; i < Clients; i++)
        {
            var email = $"m{i}@bench.example.dk";
            var person = await db.People.Where(p => p.Email == email).Select(p => p.Id).SingleAsync();
            if (i > 0)
            {
                await users.CreateAsync(new AppUser { UserName = email, Email = email, EmailConfirmed = true, PersonId = person }, RoundBenchmark.Password);
            }

            autosavers.Add((email, await db.Conversations.Where(c => c.RoundId == opened.RoundId && c.EmployeeId == person).Select(c => c.Id).SingleAsync()));
        }

        // Something sealed to open: her preparation, written through the page.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        await RoundBenchmark.SignInAsync(client, RoundBenchmark.EmployeeEmail);
        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync($"/conversations/{conversation}/preparation"));
        var saved = await client.PostAsync($"/conversations/{conversation}/preparation?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = "0",
            ["Answers[tasks-success]"] = "Et svar på et par linjer, så siden har noget forseglet indhold at åbne.",
        }));
        if (saved.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The preparation was not saved ({(int)saved.StatusCode}).");
        }

        return new Pages(employee,
        [
            // MUS's floor: its pipeline (headers, sign-in cookie and session check, no page) for a signed-in user.
            ("/health/live signed in", RoundBenchmark.EmployeeEmail, "/health/live", "Healthy"),
            // MUS's floor for a page: one query, like the bare page, in MUS's layout (menu, language and
            // sign-out forms, Danish text) behind its pipeline. What a page costs above this is its own.
            ("guidance (one query)", RoundBenchmark.EmployeeEmail, "/guidance/employee", "MUS"),
            ("employee start page", RoundBenchmark.EmployeeEmail, "/start/employee", "Belastning"),
            ("preparation", RoundBenchmark.EmployeeEmail, $"/conversations/{conversation}/preparation", "forseglet indhold"),
            ("conversation guide", RoundBenchmark.EmployeeEmail, $"/conversations/{conversation}", "Belastning"),
            ("plan", RoundBenchmark.EmployeeEmail, $"/conversations/{conversation}/plan", "Belastning"),
            ("leader start page", LeaderEmail, "/start/leader", "Medarbejder 00000"),
            ("HR round page", RoundBenchmark.HrEmail, $"/rounds/progress/{opened.RoundId}", "Enhed 1"),
        ], autosavers);
    }

    /// <summary>MUS in this process over the benchmark's database, for seeding it (then disposed, to let go of the database).</summary>
    internal static WebApplicationFactory<Program> SeedingHost(Dictionary<string, string> settings) => new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
    {
        foreach (var (key, value) in settings)
        {
            host.UseSetting(key, value);
        }

        host.UseEnvironment("Benchmark");
        host.UseSolutionRelativeContentRoot("src/Mus.Web", AppContext.BaseDirectory, "Mus.slnx");
        host.UseSetting("Logging:LogLevel:Default", "Warning");
        host.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
    });

    /// <summary>A round of the four themes for the whole organisation, preparation in 10 days, conversations in 40.</summary>
    internal static async Task<RoundOpener.Opened> OpenRoundForEveryoneAsync(IServiceProvider services, string name)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var template = await db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "four-themes").Select(v => v.Id).SingleAsync();
        var top = await db.OrgUnits.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return await services.GetRequiredService<RoundOpener>()
            .OpenAsync(new RoundOpener.Request(name, today.Year, template, "Samarbejdet på tværs.", [top], today.AddDays(10), today.AddDays(40)));
    }

    /// <summary>MUS as operators run it: the Release build beside this benchmark, in Production.</summary>
    internal static Process StartApp(Dictionary<string, string> settings, out int port)
    {
        port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mus.Web.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add("--contentRoot=" + SolutionDirectory("src", "Mus.Web"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        // What the instance logs goes to a file beside the others' (the console is for the figures).
        var log = new StreamWriter(Path.Combine(Path.GetTempPath(), $"mus-bench-app-{port}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (log) { log.WriteLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine("  app: " + line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    sealed class BarePage(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>
    /// A Razor page with one EF Core query (a person by key), served by Kestrel with nothing of MUS
    /// around it (Pages/Bare.cshtml): the floor under every page.
    /// </summary>
    static async Task<BarePage> StartBarePageAsync(string provider, string connectionString, int personId)
    {
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (provider == "Postgres")
        {
            // Prepared statements as MUS has them (DataRegistration), so the comparison is fair.
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(options => options.UseNpgsql(connectionString + ";Max Auto Prepare=256"));
        }
        else
        {
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(options => options.UseSqlite(connectionString));
        }

        // This project's one page, not MUS's pages (which the reference to Mus.Web would bring along).
        builder.Services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            foreach (var part in parts.ApplicationParts.Where(p => p.Name != typeof(LoadBenchmark).Assembly.GetName().Name).ToList())
            {
                parts.ApplicationParts.Remove(part);
            }
        });
        Mus.Bench.Pages.BareModel.PersonId = personId;
        var app = builder.Build();
        app.MapRazorPages();
        await app.StartAsync();
        return new BarePage(app, $"http://127.0.0.1:{port}/bare");
    }

    sealed record Wrk(double PerSecond, double P99Milliseconds, long Errors);

    /// <summary>wrk with 32 connections on 2 threads; every answer but 2xx is counted as an error.</summary>
    static async Task<Wrk> RunWrkAsync(string url, string? cookie, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", "-c32", $"-d{seconds}s", "--latency", "-H", "X-Forwarded-Proto: https", "-H", "Host: localhost" })
        {
            start.ArgumentList.Add(argument);
        }

        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }

        start.ArgumentList.Add(url);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk is missing: apt-get install wrk");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var perSecond = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = P99().Match(output);
        var value = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * p99.Groups[2].Value switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => throw new FormatException(output) };
        var errors = NonSuccess().Match(output) is { Success: true } non ? long.Parse(non.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output);
        if (socket.Success)
        {
            errors += socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new Wrk(perSecond, value, errors);
    }

    /// <summary>The page answers 200 with what it should show to this person (wrk only counts statuses).</summary>
    static async Task CheckPageAsync(int port, string path, string cookie, string expected)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Host = "localhost";
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} without \"{expected}\".");
        }
    }

    /// <summary>Signs in through the form as a browser behind the proxy would, and returns the cookies to send.</summary>
    internal static async Task<string> SignInAsync(int port, string email)
    {
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Host = "localhost";
            var header = jar.GetCookieHeader(new Uri("https://localhost/"));
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    jar.SetCookies(new Uri("https://localhost/"), setCookie);
                }
            }

            return response;
        }

        using var form = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/sign-in"));
        if (form.StatusCode != HttpStatusCode.OK)
        {
            throw new SignInRefusedException(email, (int)form.StatusCode);
        }

        var page = await new HtmlParser().ParseDocumentAsync(await form.Content.ReadAsStringAsync());
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = RoundBenchmark.Password }),
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new SignInRefusedException(email, (int)response.StatusCode);
        }

        return jar.GetCookieHeader(new Uri("https://localhost/"));
    }

    internal sealed class SignInRefusedException(string email, int status) : Exception($"{email} could not sign in ({status}).")
    {
        public int Status { get; } = status;
    }

    internal static async Task WaitUntilReadyAsync(int port)
    {
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("MUS did not start.");
    }

    internal static async Task<string> CreatePostgresDatabaseAsync(string server)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("--provider Postgres needs --postgres \"Host=…;Username=…\" or MUS_TEST_POSTGRES.");
        }

        var name = "mus_load_" + Guid.NewGuid().ToString("N");
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string SolutionDirectory(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mus.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("Mus.slnx not found."), .. parts]);
    }

    internal static T Option<T>(string[] args, string name, string fallback, Func<string, T> parse)
    {
        var index = Array.IndexOf(args, name);
        return parse(index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
