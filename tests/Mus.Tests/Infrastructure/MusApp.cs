using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mus.Web.Data;
using Mus.Web.Demo;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// The real application over a real database (SQLite file or PostgreSQL), as the tests see it.
/// Clients talk HTTPS to it, so the Secure cookies behave as in production.
/// </summary>
/// <param name="ownsDatabase">False for a second application on another app's database (it does not drop it).</param>
public class MusApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool ownsDatabase = true) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    /// <summary>What the application logged, at the levels its configuration lets through.</summary>
    public CapturedLogs Logs { get; } = new();

    public string MailDirectory => Path.Combine(Database.Directory, "mail");

    public const string PublicUrl = "https://localhost";

    /// <param name="services">Replaces application services, e.g. the clock with a <c>FakeTimeProvider</c>.</param>
    public static async Task<MusApp> StartAsync(string provider = TestDatabase.Sqlite, bool demo = true, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new MusApp(await TestDatabase.CreateAsync(provider), settings, services);
        // Touching Services builds the host, which migrates the database.
        if (demo)
        {
            await app.SeedDemoAsync();
        }
        else
        {
            _ = app.Services;
        }

        return app;
    }

    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync();
    }

    public HttpClient CreateBrowserlikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>A client signed in through the real sign-in form with the demo password.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = CreateBrowserlikeClient();
        await client.SignInAsync(email, DemoOrganisation.Password);
        return client;
    }

    /// <summary>Runs <paramref name="work"/> with a database context of its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataDirectory", Database.Directory);
        builder.UseSetting("Database:Provider", Database.Provider);
        // The address the clients use; every link in a mail is built from it.
        builder.UseSetting("App:PublicUrl", PublicUrl);
        // The retention sweep is tested by calling it with a chosen time, not by a timer in every test app.
        builder.UseSetting("Retention:Enabled", "false");
        // Likewise the reminder scan: its tests run it for a chosen day.
        builder.UseSetting("Reminders:Enabled", "false");
        // HR's round figures are counted on every request here, so a test sees what it just did
        // (RoundFiguresTests shows how they are kept for a few seconds otherwise).
        builder.UseSetting("Rounds:FiguresFreshSeconds", "0");
        if (Database.ConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        }

        builder.ConfigureTestServices(collection =>
        {
            collection.AddSingleton<ILoggerProvider>(Logs);
            // Every test application takes the day from the tests' clock; a test that needs a day of its own replaces it below.
            collection.AddSingleton(TestClock.Default);
            services?.Invoke(collection);
        });
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
