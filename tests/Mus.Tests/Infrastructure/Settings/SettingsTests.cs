using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Tests.Infrastructure.Settings;

/// <summary>Every section is read one way (bound, completed, checked at start) and a value that cannot work is named.</summary>
public sealed class SettingsTests
{
    private static IConfigurationSection Section(string name, params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(name + ":" + v.Key, (string?)v.Value))).Build().GetSection(name);

    [Fact]
    public void AValueOfTheWrongKind_IsNamed_WithoutQuotingIt()
    {
        var refused = Assert.Throws<SettingsException>(() => SettingsRegistration.Read<MailOptions>(Section("Mail", ("MaxAttempts", "hemmelig-otte"))));

        Assert.Equal("Mail:MaxAttempts must be a whole number.", refused.Message);
        Assert.DoesNotContain("hemmelig", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e300")]
    public void ANumberNoTimeCanHold_IsNamed(string value)
    {
        var refused = Assert.Throws<SettingsException>(() => SettingsRegistration.Read<MailOptions>(Section("Mail", ("DispatchSeconds", value))));

        Assert.Equal("Mail:DispatchSeconds must be a number up to 1000000.", refused.Message);
    }

    [Fact]
    public void AChoiceThatCannotWork_IsNamed_WithoutQuotingIt()
    {
        var refused = Assert.Throws<SettingsException>(() => SettingsRegistration.Read<Mus.Web.Data.DatabaseOptions>(Section("Database", ("Provider", "MySecretPassword"))));

        Assert.StartsWith("Database:Provider must be", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MySecret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsNamed_InOneMessage()
    {
        var refused = Assert.Throws<SettingsException>(() => SettingsRegistration.Read<MailOptions>(Section("Mail", ("MaxAttempts", "0"), ("DispatchSeconds", "-1"))));

        Assert.Equal("Mail:MaxAttempts must be positive. Mail:DispatchSeconds must be positive.", refused.Message);
    }

    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    [InlineData("Reminders:IntervalHours", "NaN", "Reminders:IntervalHours must be a number up to 1000000.")]
    [InlineData("DataProtection:CertificatePath", "/etc/hostname", "DataProtection:CertificatePath could not be opened as a PKCS#12 certificate")]
    [InlineData("SignIn:LockoutMinutes", "0", "SignIn:LockoutMinutes must be positive.")]
    public async Task ASettingThatCannotWork_StopsTheProcess_WithOneLine(string key, string value, string line)
    {
        // As an operator starts it: its own process; exit code 2 and one line, no stack trace.
        var output = await Mus.Tests.Infrastructure.Processes.AppProcess.RefusedStartAsync(new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = "https://mus.fjordby.example",
            [key] = value,
        });

        Assert.Contains("MUS cannot start: " + line, output, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodValues_AreBound_AndCompleted()
    {
        var mail = SettingsRegistration.Read<MailOptions>(Section("Mail", ("MaxAttempts", "3")), m => m.PickupDirectory ??= "/var/mus/mail");

        Assert.Equal(3, mail.MaxAttempts);
        Assert.Equal("/var/mus/mail", mail.PickupDirectory);
    }

    [Fact]
    public void AValueChangedAfterBinding_IsCheckedAtStart_AndNamed()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddSettings<MailOptions>(MailOptions.Section);
        builder.Services.PostConfigure<MailOptions>(mail => mail.DispatchSeconds = 0);
        using var app = builder.Build();

        var refused = Assert.Throws<OptionsValidationException>(app.Services.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Mail:DispatchSeconds must be positive.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameValues_AreServedAsTheClass_AndAsOptions()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Mail:From"] = "mus@fjordby.example";
        var read = builder.AddSettings<MailOptions>(MailOptions.Section);
        using var app = builder.Build();

        Assert.Equal("mus@fjordby.example", read.From);
        Assert.Same(app.Services.GetRequiredService<IOptions<MailOptions>>().Value, app.Services.GetRequiredService<MailOptions>());
        Assert.Equal("mus@fjordby.example", app.Services.GetRequiredService<MailOptions>().From);
    }

    [Fact]
    public void EverySection_InTheRunningApp_IsServed_CheckedByItsProblems_AndValidatedAtStart()
    {
        var sections = typeof(ISettings).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISettings).IsAssignableFrom(t)).ToList();
        Assert.True(sections.Count >= 12, $"only {sections.Count} settings sections found");
        var armed = new Armed();

        using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("DataDirectory", Path.Combine(Path.GetTempPath(), "mus-settings-" + Guid.NewGuid().ToString("N")))
            .UseSetting("Retention:Enabled", "false").UseSetting("Reminders:Enabled", "false").UseSetting("Mail:DispatchEnabled", "false")
            .ConfigureServices(services =>
            {
                // A refusal that waits until the app is built, so that only the check at start below meets it.
                foreach (var section in sections)
                {
                    services.AddSingleton(typeof(IValidateOptions<>).MakeGenericType(section), typeof(Refusal<>).MakeGenericType(section));
                }

                services.AddSingleton(armed);
            }));
        var services = factory.Services;
        foreach (var section in sections)
        {
            Assert.NotNull(services.GetService(section));
            var checkers = ((IEnumerable<object?>)services.GetServices(typeof(IValidateOptions<>).MakeGenericType(section))).ToList();
            Assert.True(checkers.Count(c => c is not null && !c.GetType().Name.StartsWith("Refusal", StringComparison.Ordinal)) >= 1, $"{section.Name} is not checked against its Problems()");
        }

        // The check at start ran when the app was built (and passed); it reads each section again once the monitor forgets it.
        foreach (var section in sections)
        {
            var cache = services.GetRequiredService(typeof(IOptionsMonitorCache<>).MakeGenericType(section));
            typeof(IOptionsMonitorCache<>).MakeGenericType(section).GetMethod("Clear")!.Invoke(cache, null);
        }

        armed.On = true;
        var refused = Assert.ThrowsAny<Exception>(services.GetRequiredService<IStartupValidator>().Validate);
        var refusedSections = (refused is AggregateException all ? all.InnerExceptions : [refused]).OfType<OptionsValidationException>().Select(e => e.OptionsType).ToHashSet();
        Assert.Empty(sections.Where(s => !refusedSections.Contains(s)).Select(s => s.Name));
    }

    private sealed class Armed
    {
        public bool On { get; set; }
    }

    private sealed class Refusal<T>(Armed armed) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) => armed.On ? ValidateOptionsResult.Fail("refused by the test") : ValidateOptionsResult.Success;
    }
}
