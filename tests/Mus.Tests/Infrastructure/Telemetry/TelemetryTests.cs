using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure.Processes;
using Mus.Web.Infrastructure.Telemetry;
using OpenTelemetry.Trace;

namespace Mus.Tests.Infrastructure.Telemetry;

/// <summary>What an operator's collector sees: a Prometheus scrape, OTLP traces, and one log line per request, none of them holding a key or a name.</summary>
public sealed class TelemetryTests
{
    private const string Token = "skrab-4711-hemmeligt";

    [Fact]
    public async Task TheScrape_IsReadByAnIndependentParser_AndHoldsOurFigures_ForTheTokenOnly()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?>(smtp.Settings)
        {
            ["Telemetry:MetricsToken"] = Token,
            ["SignIn:AttemptsPerClientPerMinute"] = "2",
        });
        // This application's own counts, from its own meter: the scrape reads every application of the test
        // process (they share the meter's name), so its sums alone could be another test's.
        var meter = app.Services.GetRequiredService<MusMetrics>().Meter;
        var counted = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name is "mus.mail.sent" or "mus.http.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counted.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
        var anonymous = app.CreateBrowserlikeClient();
        // A mail sent, a read on record, and a client turned away.
        await anonymous.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        await smtp.WaitForAsync(1);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var conversation = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Conversations.Where(c => c.Employee!.Email == DemoPeople.Employee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id)));
        Assert.Equal(HttpStatusCode.OK, (await ida.GetAsync($"/conversations/{conversation}/preparation")).StatusCode);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = "x@example.dk", ["Input.Password"] = "forkert" })).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // Without the token (and from no allowed network: the test server has no client address) it is refused.
        using var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Telemetry:MetricsToken", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(wrong)).StatusCode);

        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        using var response = await anonymous.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var families = (await PrometheusText.ParseAsync(text)).ToDictionary(f => f.Name);

        Assert.True(counted.GetValueOrDefault("mus.mail.sent") >= 1, "a mail was sent");
        Assert.True(counted.GetValueOrDefault("mus.http.rejected") >= 1, "a client was turned away");
        Assert.True(families["mus_mail_sent_total"].Values.Sum() >= 1, "a mail was sent");
        Assert.True(families["mus_http_rejected_total"].Values.Sum() >= 1, "a client was turned away");
        Assert.Equal("HISTOGRAM", families["mus_audit_batch_rows"].Type);
        Assert.Equal("GAUGE", families["mus_outbox_depth"].Type);
        Assert.Contains("http_server_request_duration_seconds", families.Keys);
        Assert.Contains(families.Keys, k => k.StartsWith("dotnet_", StringComparison.Ordinal));
        // Labels name routes and kinds, never a person or an address.
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"/conversations/{conversation}/preparation", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheOutboxGauges_CountTheMailsWaiting_AndTheOldestsAge(string provider)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(provider, demo: false,
            settings: new Dictionary<string, string?> { ["Mail:DispatchEnabled"] = "false" }, services: s => s.AddSingleton<TimeProvider>(clock));
        await app.WithDbAsync(async db =>
        {
            db.OutboxMails.AddRange(Enumerable.Range(0, 3).Select(i => Mus.Web.Infrastructure.Email.OutboxMail.Create($"m{i}@fjordby.example.dk", "Prøve", "Tekst", "da", "test", clock.GetUtcNow().UtcDateTime, "localhost")));
            return await db.SaveChangesAsync();
        });
        clock.Advance(TimeSpan.FromMinutes(2));

        await app.Services.GetRequiredService<Mus.Web.Infrastructure.Email.OutboxDispatcher>().MeasureAsync(CancellationToken.None);

        // Read from this application's own meter: the other applications of the test process have
        // gauges of the same name, which a scrape of the process would mix in.
        var meter = app.Services.GetRequiredService<MusMetrics>().Meter;
        var read = new Dictionary<string, double>();
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name.StartsWith("mus.outbox.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => read[instrument.Name] = value);
            listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => read[instrument.Name] = value);
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Equal(3, read["mus.outbox.depth"]);
        // Two minutes, give or take what the database keeps of a time (PostgreSQL: microseconds).
        Assert.InRange(read["mus.outbox.oldest_age"], 119.99, 120.01);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("::1", null, true)]
    [InlineData("::ffff:127.0.0.1", null, true)]
    [InlineData("10.20.30.40", null, false)]
    [InlineData("10.20.30.40", "10.0.0.0/8", true)]
    [InlineData("192.168.1.9", "10.0.0.0/8", false)]
    public void TheNetworkRule_LetsInOnlyTheConfiguredNetworks(string client, string? network, bool allowed)
    {
        var options = new TelemetryOptions();
        if (network is not null)
        {
            options.MetricsNetworks = [network];
        }

        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);

        Assert.Equal(allowed, new MetricsGuard(options).Allows(context));
    }

    [Fact]
    public async Task ConfiguredNetworks_ReplaceThisHost_TheyDoNotAddToIt()
    {
        await using var app = await MusApp.StartAsync(demo: false, settings: new Dictionary<string, string?> { ["Telemetry:MetricsNetworks:0"] = "10.0.0.0/8" });
        var guard = app.Services.GetRequiredService<MetricsGuard>();

        Assert.True(guard.Allows(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("10.1.2.3") } }));
        Assert.False(guard.Allows(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Loopback } }));
    }

    [Fact]
    public void AMistypedNetwork_StopsTheStart_Saying_Which()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new MetricsGuard(new TelemetryOptions { MetricsNetworks = ["10.0.0.0/33"] }));
        Assert.Contains("10.0.0.0/33", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestsTrace_NamesItsRoute_NotTheSecretInItsPath_AndHoldsItsDatabaseCalls()
    {
        // Background work ends activities on other threads while the test reads them.
        var exported = new LockedCollection<Activity>();
        await using var app = await MusApp.StartAsync(services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(exported)));
        var secret = new string('7', 64);

        using (var feed = await app.CreateBrowserlikeClient().GetAsync($"/calendar/{secret}?token=abc"))
        {
            Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
        }

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var spans = exported.Snapshot();
        var request = Assert.Single(spans, a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("calendar", StringComparison.Ordinal));
        Assert.Equal("GET /calendar/{secret}", request.DisplayName);
        Assert.Equal("/calendar/{secret}", request.GetTagItem("url.path"));
        Assert.Equal("/calendar/{secret}", request.GetTagItem("http.route"));
        Assert.Null(request.GetTagItem("url.query"));
        // The feed's lookup is a child of the request, in the same trace.
        Assert.Contains(spans, a => a.TraceId == request.TraceId && a.ParentSpanId != default && a.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        var everything = string.Join('\n', spans.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}")).Concat(spans.Select(a => a.DisplayName)));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProduction_EachRequest_IsOneJsonLine_WithItsTrace_AndWithoutItsKey()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mus-logs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = AppProcess.Start(new Dictionary<string, string?> { ["DataDirectory"] = directory, ["App:PublicUrl"] = "https://mus.fjordby.example" });
            await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            var secret = new string('5', 64);
            using var client = new HttpClient { BaseAddress = app.Address };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/calendar/{secret}?x=hemmelig") { Headers = { { "X-Forwarded-Proto", "https" }, { "Host", "mus.fjordby.example" } } };
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
            await Task.Delay(500);

            var lines = app.Output.Where(l => l.StartsWith('{')).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            Assert.NotEmpty(lines);
            var served = Assert.Single(lines, l => l.GetProperty("Category").GetString() == "Mus.Requests" && l.GetProperty("Message").GetString()!.Contains("calendar", StringComparison.Ordinal));
            Assert.Equal("GET /calendar/{secret} 404", string.Join(' ', served.GetProperty("Message").GetString()!.Split(' ').Take(3)));
            Assert.Matches("^[0-9a-f]{32}$", served.GetProperty("TraceId").GetString());
            Assert.Matches("^[0-9a-f]{16}$", served.GetProperty("SpanId").GetString());
            var output = string.Join('\n', app.Output);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain("hemmelig", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A collection the exporter may add to from any thread, read as a copy.</summary>
    private sealed class LockedCollection<T> : System.Collections.ObjectModel.Collection<T>
    {
        public List<T> Snapshot()
        {
            lock (Items)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
