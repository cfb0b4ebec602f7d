using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Email;

namespace Mus.Tests.Infrastructure.Email;

/// <summary>Mail goes through the outbox to a real SMTP server: once each, whatever the server or the instances do meanwhile.</summary>
public sealed class OutboxDispatcherTests
{
    private static Dictionary<string, string?> Settings(TestSmtpServer smtp, bool dispatch, int maxAttempts = 8) =>
        new(smtp.Settings)
        {
            ["Mail:DispatchEnabled"] = dispatch ? "true" : "false",
            ["Mail:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    private static Task<long[]> AddMailsAsync(MusApp app, int count, string to = "modtager@fjordby.example.dk") => app.WithDbAsync(async db =>
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var mails = Enumerable.Range(0, count).Select(i => OutboxMail.Create(to, $"Prøve {i}", $"Brødtekst {i}", "da", "test", now, "localhost")).ToList();
        db.OutboxMails.AddRange(mails);
        await db.SaveChangesAsync();
        return mails.Select(m => m.Id).ToArray();
    });

    private static Task<OutboxMail> StoredAsync(MusApp app, long id) => app.WithDbAsync(db => db.OutboxMails.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task AResetMail_ReachesARealSmtpServer_OnceWithItsMessageId_AsTextAndHtml()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var app = await MusApp.StartAsync(settings: Settings(smtp, dispatch: true));

        await app.CreateBrowserlikeClient().PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(DemoPeople.Employee, mail.To.Mailboxes.Single().Address);
        Assert.Contains(MusApp.PublicUrl + "/sign-in/reset-password?code=", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{MusApp.PublicUrl}/sign-in/reset-password?code=", mail.HtmlBody, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().SingleAsync());
        Assert.Equal(stored.MessageId, mail.MessageId);
        Assert.NotNull(stored.SentAt);
        // Sent, the link is no longer kept: it would open her account.
        Assert.Equal("", stored.TextBody);
        Assert.Equal(0, await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        Assert.Single(smtp.Received);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WhileTheMailServerIsDown_MailsWait_AndAreEachDeliveredOnceWhenItReturns(string provider)
    {
        await using var smtp = new TestSmtpServer();
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(provider, demo: false, settings: Settings(smtp, dispatch: false), services: s => s.AddSingleton<TimeProvider>(clock));
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var ids = await AddMailsAsync(app, 3);

        Assert.Equal(3, await dispatcher.DispatchDueAsync());
        foreach (var id in ids)
        {
            var waiting = await StoredAsync(app, id);
            Assert.Equal((1, null, null), (waiting.Attempts, waiting.SentAt, waiting.DeadAt));
            Assert.False(string.IsNullOrEmpty(waiting.LastError));
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(30), waiting.NextAttemptAt, TimeSpan.FromMilliseconds(1));
        }

        smtp.Start();
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(3, await dispatcher.DispatchDueAsync());
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var received = await smtp.WaitForAsync(3);
        var stored = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().Select(m => m.MessageId).ToListAsync());
        Assert.Equal(stored.Order(), received.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task AfterTooManyAttempts_AMailIsGivenUp_ShownToTheAdministrator_AndSentAgainOnRequest()
    {
        await using var smtp = new TestSmtpServer();
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(settings: Settings(smtp, dispatch: false, maxAttempts: 2), services: s => s.AddSingleton<TimeProvider>(clock));
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var id = Assert.Single(await AddMailsAsync(app, 1, "afvist@fjordby.example.dk"));
        await dispatcher.DispatchDueAsync();
        clock.Advance(TimeSpan.FromSeconds(31));
        await dispatcher.DispatchDueAsync();
        Assert.NotNull((await StoredAsync(app, id)).DeadAt);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        var page = await administrator.GetPageAsync("/mail");
        Assert.Equal("1", page.QuerySelector("#mail-dead")!.TextContent);
        var row = Assert.Single(page.QuerySelectorAll("#dead tbody tr"));
        Assert.Contains("afvist@fjordby.example.dk", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("refused", row.TextContent, StringComparison.OrdinalIgnoreCase);

        smtp.Start();
        var retried = await administrator.PostFormAsync("/mail", new Dictionary<string, string>(), formAction: "handler=Retry");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("0", (await administrator.GetPageAsync("/mail")).QuerySelector("#mail-dead")!.TextContent);
    }

    [Fact]
    public async Task WhileAnAdministratorHasPausedMail_NothingIsSent_AndResumingSendsWhatWaited()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var app = await MusApp.StartAsync(settings: Settings(smtp, dispatch: false));
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);

        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync("/mail", new Dictionary<string, string>(), formAction: "handler=Pause")).StatusCode);
        Assert.NotNull((await administrator.GetPageAsync("/mail")).QuerySelector("#mail-paused"));
        await AddMailsAsync(app, 2);
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Equal("2", (await administrator.GetPageAsync("/mail")).QuerySelector("#mail-waiting")!.TextContent);
        Assert.Empty(smtp.Received);

        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync("/mail", new Dictionary<string, string>(), formAction: "handler=Resume")).StatusCode);
        Assert.Equal(2, await dispatcher.DispatchDueAsync());
        Assert.Equal(2, (await smtp.WaitForAsync(2)).Count);
        Assert.Null((await administrator.GetPageAsync("/mail")).QuerySelector("#mail-paused"));
    }

    [Fact]
    public async Task AResetMailGivenUp_LosesItsLink_AndCannotBeSentAgain()
    {
        await using var smtp = new TestSmtpServer();
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        await using var app = await MusApp.StartAsync(settings: Settings(smtp, dispatch: false, maxAttempts: 2), services: s => s.AddSingleton<TimeProvider>(clock));
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        await app.CreateBrowserlikeClient().PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        for (var tries = 0; tries < 100 && await app.WithDbAsync(db => db.OutboxMails.CountAsync()) == 0; tries++)
        {
            await Task.Delay(50);
        }

        var id = await app.WithDbAsync(db => db.OutboxMails.Select(m => m.Id).SingleAsync());
        // While it waits for the mail server the link is there, to be sent.
        await dispatcher.DispatchDueAsync();
        Assert.Contains("/sign-in/reset-password?code=", (await StoredAsync(app, id)).TextBody, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(31));
        await dispatcher.DispatchDueAsync();

        var dead = await StoredAsync(app, id);
        Assert.NotNull(dead.DeadAt);
        Assert.Equal("", dead.TextBody);
        smtp.Start();
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        await administrator.PostFormAsync("/mail", new Dictionary<string, string>(), formAction: "handler=Retry");
        Assert.Contains("kan ikke sendes igen", (await administrator.GetPageAsync("/mail")).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task AnAddressThatCannotBeOne_IsGivenUpAtOnce_WithTheReason()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var app = await MusApp.StartAsync(settings: Settings(smtp, dispatch: false));
        var id = Assert.Single(await AddMailsAsync(app, 1, "ikke en adresse"));

        Assert.Equal(1, await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

        var stored = await StoredAsync(app, id);
        Assert.Equal(1, stored.Attempts);
        Assert.NotNull(stored.DeadAt);
        Assert.Contains("gyldig", stored.LastError, StringComparison.Ordinal);
        Assert.Empty(smtp.Received);
        var page = await (await app.SignedInAsync(DemoPeople.Administrator)).GetPageAsync("/mail");
        Assert.Contains("ikke en adresse", page.QuerySelector("#dead")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoInstancesOnOneDatabase_SendEachMailOnce(string provider)
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var first = await MusApp.StartAsync(provider, demo: false, settings: Settings(smtp, dispatch: false));
        await using var second = new MusApp(first.Database, Settings(smtp, dispatch: false), ownsDatabase: false);
        await AddMailsAsync(first, 60);

        static async Task DrainAsync(MusApp app)
        {
            var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
            while (await dispatcher.DispatchDueAsync() > 0)
            {
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        var received = await smtp.WaitForAsync(60);
        Assert.Equal(60, received.Count);
        Assert.Equal(60, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(60, await first.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.SentAt != null && m.Attempts == 1)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AMailSavedBeforeTheProcessEnded_IsSentByTheNextOne(string provider)
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        var database = await TestDatabase.CreateAsync(provider);
        var before = new MusApp(database, Settings(smtp, dispatch: false), ownsDatabase: false);
        await before.SeedDemoAsync();
        await before.CreateBrowserlikeClient().PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        for (var tries = 0; tries < 100 && await before.WithDbAsync(db => db.OutboxMails.CountAsync()) == 0; tries++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, await before.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.SentAt == null)));
        await before.DisposeAsync();
        Assert.Empty(smtp.Received);

        await using var after = new MusApp(database, Settings(smtp, dispatch: true));
        _ = after.Services;

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(DemoPeople.Employee, mail.To.Mailboxes.Single().Address);
    }
}
