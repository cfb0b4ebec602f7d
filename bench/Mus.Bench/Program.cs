using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Mus.Web;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Auth;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Reminders;
using Mus.Web.Pages.Conversations.Plans;
using Mus.Web.Pages.Rounds;

namespace Mus.Bench;

// Seeds 25,000 employees in 500 units on SQLite, opens a round for all of them (with its invitations
// in the outbox), scans for reminders, renders HR's progress page against a bare page, an employee's
// own preparation (opening sealed content and writing the audit row of the read), renders a plan PDF,
// and sends mail through the outbox to an SMTP server in this process; prints medians and peak memory.
// Run: dotnet run -c Release --project bench/Mus.Bench [-- --employees 25000 --units 500 --runs 5]
// The load benchmark against MUS in its own process: see LoadBenchmark (-- load).
internal static class RoundBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "load")
        {
            return await LoadBenchmark.RunAsync(args);
        }

        if (args.FirstOrDefault() == "api")
        {
            return await ApiBenchmark.RunAsync(args);
        }

        if (args.FirstOrDefault() == "report")
        {
            return await ReportBenchmark.RunAsync(args);
        }

        if (args.FirstOrDefault() == "scim")
        {
            return await ScimBenchmark.RunAsync(args);
        }

        if (args.FirstOrDefault() == "scenario")
        {
            return await ScenarioBenchmark.RunAsync(args);
        }

        var employees = Option(args, "--employees", 25_000);
        var unitCount = Option(args, "--units", 500);
        var runs = Option(args, "--runs", 5);
        var directory = Path.Combine(Path.GetTempPath(), "mus-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        await using var smtp = new BenchSmtpServer();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            // Mail is sent only when the benchmark says so (the dispatcher's own loop would send the invitations meanwhile).
            host.UseSetting("Mail:DispatchEnabled", "false");
            host.UseSetting("Mail:SmtpHost", "127.0.0.1");
            host.UseSetting("Mail:SmtpPort", smtp.Port.ToString(CultureInfo.InvariantCulture));
            host.UseSetting("Mail:SmtpUseTls", "false");
            host.UseSetting("Reminders:Enabled", "false");
            host.UseSetting("App:PublicUrl", "https://localhost");
            // Every client of the load test signs in from the same (in-process) address.
            host.UseSetting("SignIn:AttemptsPerClientPerMinute", "10000");
            host.UseSetting("Retention:Enabled", "false");
            host.UseEnvironment("Benchmark");
            host.UseSolutionRelativeContentRoot("src/Mus.Web", AppContext.BaseDirectory, "Mus.slnx");
            host.UseSetting("DataDirectory", directory);
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            host.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        });
        _ = app.Services;

        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, employees, unitCount);
        Console.WriteLine($"seeded {employees:N0} employees in {unitCount} units: {seeding.Elapsed.TotalSeconds:F1} s");

        var openTimes = new List<double>();
        var roundId = 0;
        for (var run = 0; run < runs; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var template = await db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "four-themes").Select(v => v.Id).SingleAsync();
            var top = await db.OrgUnits.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var watch = Stopwatch.StartNew();
            var opened = await scope.ServiceProvider.GetRequiredService<RoundOpener>()
                .OpenAsync(new RoundOpener.Request($"Bench {run}", today.Year, template, "Årets fokus er samarbejdet på tværs af enhederne.", [top], today.AddDays(10), today.AddDays(40)));
            openTimes.Add(watch.Elapsed.TotalMilliseconds);
            roundId = opened.RoundId;
            if (opened.Conversations != employees - 1 || opened.Mails != employees - 1 + unitCount)
            {
                throw new InvalidOperationException($"Expected {employees - 1} conversations and {employees - 1 + unitCount} invitations, got {opened.Conversations} and {opened.Mails}.");
            }

            if (run == 0)
            {
                // With one round in the database: the scan over its 25,000 conversations.
                await ReminderScansAsync(app.Services, today, employees);
            }
        }

        Console.WriteLine($"open a round for {employees - 1:N0} employees incl. {employees - 1 + unitCount:N0} invitations in the outbox: median {Median(openTimes):F0} ms (runs: {string.Join(", ", openTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})");

        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        await SignInAsync(client, HrEmail);
        // The round page and a bare page (the profile: sign-in check, layout, one small query) in turns, so that the machine's noise falls on both.
        var renderTimes = new List<double>();
        var bareTimes = new List<double>();
        for (var run = 0; run < runs * 4 + 3; run++)
        {
            var round = await TimedGetAsync(client, $"/rounds/progress/{roundId}", "Enhed 1");
            var bare = await TimedGetAsync(client, "/profile", "<h1");
            // The first three warm up the page compilation and the connection pool.
            if (run >= 3)
            {
                renderTimes.Add(round);
                bareTimes.Add(bare);
            }
        }

        Console.WriteLine($"HR round page with a bar per unit ({unitCount} units) over {employees - 1:N0} conversations: median {Median(renderTimes):F1} ms; bare page {Median(bareTimes):F1} ms; ratio {Median(renderTimes) / Median(bareTimes):F1} ({renderTimes.Count} requests each)");
        Console.WriteLine($"employee's own preparation (sealed content opened, read audited): median {(await MedianPreparationMillisecondsAsync(app, roundId, runs * 4)).ToString("F1", CultureInfo.InvariantCulture)} ms ({runs * 4} requests)");
        Console.WriteLine(await ConcurrentReadsAsync(app, roundId, clients: 32, seconds: 5));
        var (pdfMilliseconds, pdfBytes) = MedianPdf(app.Services, runs * 10);
        Console.WriteLine($"plan PDF (3 goals × 3 actions, PDF/A-2b, fonts subset): median {pdfMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms ({runs * 10} renders), {(pdfBytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture)} KB");
        Console.WriteLine(await DispatchAsync(app.Services, smtp, 2_000));
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB");
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    static async Task<double> TimedGetAsync(HttpClient client, string url, string expected)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// The reminder scan over one round: on days with nothing due (the cost of looking), then on the
    /// day a week before the preparation deadline, when every employee and leader is reminded (looking
    /// plus writing every mail), and on the day two days before.
    /// </summary>
    static async Task ReminderScansAsync(IServiceProvider services, DateOnly today, int employees)
    {
        async Task<(double Milliseconds, int Mails)> ScanAsync(DateOnly day)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            var mails = await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(1)));
            return (watch.Elapsed.TotalMilliseconds, mails);
        }

        // Tuesdays and the like, not Mondays: a Monday also looks a week ahead for digest readers.
        var quiet = new List<double>();
        foreach (var day in Enumerable.Range(0, 3).Select(d => today.AddDays(d)).Where(d => d.DayOfWeek != DayOfWeek.Monday))
        {
            var (milliseconds, mails) = await ScanAsync(day);
            if (mails != 0)
            {
                throw new InvalidOperationException($"A quiet day sent {mails} reminders.");
            }

            quiet.Add(milliseconds);
        }

        var weekBefore = await ScanAsync(today.AddDays(3));
        var twoDaysBefore = await ScanAsync(today.AddDays(8));
        if (weekBefore.Mails < employees - 1)
        {
            throw new InvalidOperationException($"A week before the deadline {weekBefore.Mails} were reminded.");
        }

        Console.WriteLine($"reminder scan over {employees - 1:N0} conversations: nothing due {Median(quiet):F0} ms (median of {quiet.Count}); everyone due: {weekBefore.Milliseconds:F0} ms for {weekBefore.Mails:N0} mails, again two days before: {twoDaysBefore.Milliseconds:F0} ms for {twoDaysBefore.Mails:N0} mails");
    }

    /// <summary>Mails through the outbox to the SMTP server in this process, by the dispatcher's own batches (one connection per batch).</summary>
    static async Task<string> DispatchAsync(IServiceProvider services, BenchSmtpServer smtp, int count)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // What the rounds put in the outbox is not what is measured here.
            await db.OutboxMails.Where(m => m.SentAt == null).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, DateTime.UtcNow));
            var now = DateTime.UtcNow.AddSeconds(-1);
            foreach (var batch in Enumerable.Range(0, count).Chunk(1_000))
            {
                db.OutboxMails.AddRange(batch.Select(i => OutboxMail.Create($"m{i}@bench.example.dk", "Påmindelse fra MUS", $"Hej\n\nForberedelsen til din MUS skal være klar.\nhttps://mus.example.dk/conversations/{i}/preparation", "da", "reminder", now, "bench.example.dk")));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        var watch = Stopwatch.StartNew();
        var tried = 0;
        while (await dispatcher.DispatchDueAsync() is var sent && sent > 0)
        {
            tried += sent;
        }

        watch.Stop();
        if (tried != count || smtp.Received != count)
        {
            throw new InvalidOperationException($"{tried} tried and {smtp.Received} received of {count}.");
        }

        return $"outbox to SMTP: {count:N0} mails in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:F0} mails/s";
    }

    /// <summary>
    /// 32 clients at once for a few seconds: the employee's preparation (every request writes the audit
    /// row of its read) against the bare profile page, in turns, in-process. Requests/s and p99 of each.
    /// </summary>
    static async Task<string> ConcurrentReadsAsync(WebApplicationFactory<Program> app, int roundId, int clients, int seconds)
    {
        int id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Conversations
                .Where(c => c.RoundId == roundId && c.Employee!.Email == EmployeeEmail).Select(c => c.Id).SingleAsync();
        }

        var signedIn = new List<HttpClient>();
        for (var i = 0; i < clients; i++)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
            await SignInAsync(client, EmployeeEmail);
            signedIn.Add(client);
        }

        async Task<(double PerSecond, double P99)> DriveAsync(string url)
        {
            var times = new System.Collections.Concurrent.ConcurrentBag<double>();
            var until = Stopwatch.StartNew();
            await Task.WhenAll(signedIn.Select(async client =>
            {
                while (until.Elapsed.TotalSeconds < seconds)
                {
                    var watch = Stopwatch.StartNew();
                    var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} under load.");
                    }

                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }));
            var sorted = times.Order().ToList();
            return (sorted.Count / until.Elapsed.TotalSeconds, sorted[(int)(sorted.Count * 0.99)]);
        }

        await DriveAsync("/profile");
        var preparation = await DriveAsync($"/conversations/{id}/preparation");
        var bare = await DriveAsync("/profile");
        return string.Create(CultureInfo.InvariantCulture,
            $"{clients} clients for {seconds} s each: preparation {preparation.PerSecond:F0} req/s, p99 {preparation.P99:F0} ms; bare page {bare.PerSecond:F0} req/s, p99 {bare.P99:F0} ms; ratio {preparation.PerSecond / bare.PerSecond:F2}");
    }

    /// <summary>The employee writes an answer through the page, then reads her preparation again and again.</summary>
    static async Task<double> MedianPreparationMillisecondsAsync(WebApplicationFactory<Program> app, int roundId, int requests)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        await SignInAsync(client, EmployeeEmail);
        int id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Conversations
                .Where(c => c.RoundId == roundId && c.Employee!.Email == EmployeeEmail).Select(c => c.Id).SingleAsync();
        }

        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync($"/conversations/{id}/preparation"));
        var saved = await client.PostAsync($"/conversations/{id}/preparation?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("#preparation-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Version"] = form.QuerySelector("#preparation-form input[name=Version]")!.GetAttribute("value")!,
            ["Answers[tasks-success]"] = "Et svar på et par linjer, så siden har noget forseglet indhold at åbne.",
        }));
        if (saved.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The preparation was not saved ({(int)saved.StatusCode}).");
        }

        var times = new List<double>();
        for (var run = 0; run < requests + 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync($"/conversations/{id}/preparation");
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode || !body.Contains("forseglet indhold", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The preparation answered {(int)response.StatusCode}.");
            }

            if (run >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return Median(times);
    }

    // In Danish, as the plan is printed; the figures after this one are printed as before it.
    static (double Milliseconds, int Bytes) MedianPdf(IServiceProvider services, int renders) =>
        Mus.Web.Infrastructure.Localization.LocalizationRegistration.In(Mus.Web.Infrastructure.Localization.LocalizationRegistration.Danish, () => MedianPdfInDanish(services, renders));

    static (double Milliseconds, int Bytes) MedianPdfInDanish(IServiceProvider services, int renders)
    {
        var text = services.GetRequiredService<IStringLocalizer<Text>>();
        var plan = new Plan();
        plan.Edit(new PlanContent([.. Enumerable.Range(1, 3).Select(g => new PlanGoal($"g{g}", $"Mål {g}: blive skarpere på økonomistyring og dialog med borgerne",
            [.. Enumerable.Range(1, 3).Select(a => new PlanAction($"a{g}{a}", $"Handling {a} med en beskrivelse på et par linjer, så teksten skal brydes", "Faglig kompetence fra jobgruppens standard",
                "course", "both", new DateOnly(2027, 6, 1), new DateOnly(2027, 2, 1), ActionStatus.Planned, a == 1 ? "Kursusansøgning til HR: to dage i foråret" : null))]))]));
        plan.Approve(PlanParty.Employee, 1, plan.Hash, DateTimeOffset.UtcNow);
        plan.Approve(PlanParty.Leader, 2, plan.Hash, DateTimeOffset.UtcNow);
        var view = new PlanView(1, "Kommunen", "MUS 2026", 1, "Ida Brandt", 2, "Karsten Lund", ConversationStatus.Held, DateTimeOffset.UtcNow, false, plan, 1);
        var times = new List<double>();
        var size = 0;
        for (var run = 0; run < renders + 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var bytes = PlanPdf.Render(view, text, DateTimeOffset.UtcNow);
            size = bytes.Length;
            watch.Stop();
            if (bytes.Length < 1000)
            {
                throw new InvalidOperationException("The plan PDF came out empty.");
            }

            // The first three load the fonts and warm up Skia.
            if (run >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return (Median(times), size);
    }

    static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static async Task SeedAsync(IServiceProvider services, int employees, int unitCount)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var top = new OrgUnit { Code = "U0", Name = "Kommunen" };
        db.OrgUnits.Add(top);
        await db.SaveChangesAsync();
        var units = Enumerable.Range(1, unitCount - 1).Select(i => new OrgUnit { Code = $"U{i}", Name = $"Enhed {i}", ParentId = top.Id }).ToList();
        db.OrgUnits.AddRange(units);
        await db.SaveChangesAsync();

        var director = new Person { EmployeeNumber = "0", Name = "Direktør", Email = "direktor@bench.example.dk", OrgUnitId = top.Id };
        db.People.Add(director);
        await db.SaveChangesAsync();
        // A leader per unit under the director, and everyone else under their unit's leader.
        var leaders = units.Select((unit, i) => new Person { EmployeeNumber = $"L{i}", Name = $"Leder {i}", Email = $"leder{i}@bench.example.dk", OrgUnitId = unit.Id, LeaderId = director.Id }).ToList();
        db.People.AddRange(leaders);
        await db.SaveChangesAsync();
        var staff = Enumerable.Range(0, employees - 1 - leaders.Count)
            .Select(i => new Person { EmployeeNumber = $"E{i}", Name = $"Medarbejder {i:D5}", Email = $"m{i}@bench.example.dk", OrgUnitId = leaders[i % leaders.Count].OrgUnitId, LeaderId = leaders[i % leaders.Count].Id });
        foreach (var batch in staff.Chunk(5_000))
        {
            db.People.AddRange(batch);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var hr = new AppUser { UserName = HrEmail, Email = HrEmail, EmailConfirmed = true };
        await users.CreateAsync(hr, Password);
        var employee = await db.People.Where(p => p.Email == EmployeeEmail).Select(p => p.Id).SingleAsync();
        await users.CreateAsync(new AppUser { UserName = EmployeeEmail, Email = EmployeeEmail, EmailConfirmed = true, PersonId = employee }, Password);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.Hr));
        await users.AddToRoleAsync(hr, Roles.Hr);
    }

    internal const string HrEmail = "hr@bench.example.dk";
    internal const string EmployeeEmail = "m0@bench.example.dk";
    internal const string Password = "bench-password-123";

    internal static async Task SignInAsync(HttpClient client, string email)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/sign-in"));
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("The benchmark could not sign in.");
        }
    }
}
