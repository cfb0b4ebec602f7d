using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Pages.SignIn;

/// <summary>
/// What an outside attacker tries against sign-in: telling known addresses from unknown ones,
/// locking a person out, guessing fast, and flooding a person with reset mails.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class SignInAbuseTests
{
    private const string Wrong = "not the password at all";

    /// <summary>A client at its own address (the app trusts X-Forwarded-For only from a proxy; the test server has no peer address, as if it were one).</summary>
    private static HttpClient ClientAt(MusApp app, string address)
    {
        var client = app.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<string> MessageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ParseAsync()).QuerySelector(".alert-error .alert-text")!.TextContent.Trim();
    }

    [Fact]
    public async Task AWrongPassword_TakesAsLong_AndSaysTheSame_ForAKnownAnUnknownAndAClosedAccount()
    {
        await using var app = await MusApp.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.CloseAsync((await users.FindByEmailAsync(Http.AccessMatrix.Disabled))!);
        }

        var accounts = new[] { DemoPeople.Employee, "nobody.here@fjordby.example.dk", Http.AccessMatrix.Disabled };
        var times = accounts.ToDictionary(a => a, _ => new List<double>());
        var messages = accounts.ToDictionary(a => a, _ => new HashSet<string>());
        // Warm up, then interleave so that a slow moment of the machine hits all three alike.
        await SignInAsync(ClientAt(app, "198.51.100.200"), DemoPeople.Employee, Wrong);
        for (var round = 0; round < 24; round++)
        {
            foreach (var account in accounts)
            {
                // A fresh client address each time, so that the per-client throttle never starts.
                var client = ClientAt(app, $"198.51.{100 + (round / 20)}.{(round % 20 * 3) + Array.IndexOf(accounts, account) + 1}");
                var (target, fields) = await client.ReadFormAsync("/sign-in");
                fields["Input.Email"] = account;
                fields["Input.Password"] = Wrong;
                var watch = Stopwatch.StartNew();
                var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));
                watch.Stop();
                times[account].Add(watch.Elapsed.TotalMilliseconds);
                messages[account].Add(await MessageAsync(response));
            }
        }

        // The lower quartile: the work a sign-in does, less what other tests running at the same time add (the median of 12 once differed by 1.53 on a busy machine).
        var medians = accounts.ToDictionary(a => a, a => LowerQuartile(times[a]));
        var report = string.Join(", ", medians.Select(m => $"{m.Key}: {m.Value:F1} ms"));
        TestContext.Current.TestOutputHelper?.WriteLine("lower quartile of wrong-password sign-ins: " + report);
        // A password hash costs tens of milliseconds; skipping it (the stock behaviour) answers in a few.
        Assert.True(medians.Values.Min() > 15, report);
        Assert.True(medians.Values.Max() / medians.Values.Min() < 1.5, report);
        Assert.Single(messages.Values.SelectMany(m => m).Distinct());
        Assert.Equal("E-mail eller adgangskode er forkert.", messages[DemoPeople.Employee].Single());
    }

    [Fact]
    public async Task ManyWrongPasswordsFromOneClient_SlowThatClientDown_ButThePersonSignsInFromAnywhereElse()
    {
        await using var app = await MusApp.StartAsync();
        var attacker = ClientAt(app, "203.0.113.66");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal("E-mail eller adgangskode er forkert.", await MessageAsync(await SignInAsync(attacker, DemoPeople.CurrentLeader, Wrong + attempt)));
        }

        for (var attempt = 0; attempt < 15; attempt++)
        {
            Assert.Contains("Vent", await MessageAsync(await SignInAsync(attacker, DemoPeople.CurrentLeader, Wrong + attempt)), StringComparison.Ordinal);
        }

        // Even the right password is not checked from that client for a while.
        Assert.Contains("Vent", await MessageAsync(await SignInAsync(attacker, DemoPeople.CurrentLeader, DemoOrganisation.Password)), StringComparison.Ordinal);

        // The leader himself, at his desk, is not locked out.
        var leader = ClientAt(app, "192.0.2.10");
        Assert.Equal("/Start/Leader", await leader.SignInAsync(DemoPeople.CurrentLeader, DemoOrganisation.Password));
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoPeople.CurrentLeader);
        Assert.Null(user!.LockoutEnd);
    }

    [Fact]
    public async Task TheWait_IsTheSameForAnAddressWithoutAnAccount()
    {
        await using var app = await MusApp.StartAsync();
        var attacker = ClientAt(app, "203.0.113.67");
        var known = new List<string>();
        var unknown = new List<string>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            known.Add(await MessageAsync(await SignInAsync(attacker, DemoPeople.Employee, Wrong)));
            unknown.Add(await MessageAsync(await SignInAsync(attacker, "nobody.here@fjordby.example.dk", Wrong)));
        }

        Assert.Contains("Vent", known[^1], StringComparison.Ordinal);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task FastGuessing_FromOneClient_Gets429WithRetryAfter_WhileOthersGoOn()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:AttemptsPerClientPerMinute"] = "5" });
        var guesser = ClientAt(app, "203.0.113.68");
        var (target, fields) = await guesser.ReadFormAsync("/sign-in");
        fields["Input.Email"] = "someone@fjordby.example.dk";
        fields["Input.Password"] = Wrong;
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            last = await guesser.PostAsync(target, new FormUrlEncodedContent(fields));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var page = await last.ParseAsync();
        Assert.Contains("For mange forsøg", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        // The forgot-password page counts on its own, and another client is not held back.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/sign-in/forgot-password")).StatusCode);
        Assert.Equal("/Start/Employee", await ClientAt(app, "192.0.2.11").SignInAsync(DemoPeople.Employee, DemoOrganisation.Password));
    }

    [Fact]
    public async Task ForgotPassword_SendsOneMailPerAccountInFiveMinutes_HoweverOftenAsked()
    {
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var asked = await ClientAt(app, $"203.0.113.{100 + attempt}").PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
            Assert.NotNull((await asked.ParseAsync()).QuerySelector(".alert-success"));
        }

        // Mails leave in the order asked for: once a later mail to someone else is out, all six were dealt with.
        await ClientAt(app, "203.0.113.110").PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Hr });
        Assert.Equal([DemoPeople.Hr, DemoPeople.Employee], await MailFolder.RecipientsAsync(app, 2));

        clock.Advance(TimeSpan.FromMinutes(5.5));
        await ClientAt(app, "203.0.113.120").PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        Assert.Equal([DemoPeople.Hr, DemoPeople.Employee, DemoPeople.Employee], await MailFolder.RecipientsAsync(app, 3));
    }

    private static double LowerQuartile(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 4];
    }
}
