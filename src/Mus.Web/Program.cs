using Microsoft.Extensions.Options;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Api.V1;
using Mus.Web.Cli;
using Mus.Web.Demo;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Logging;
using Mus.Web.Infrastructure.Reminders;
using Mus.Web.Infrastructure.Retention;
using Mus.Web.Infrastructure.Settings;
using Mus.Web.Infrastructure.Telemetry;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Conversations.Plans.Journal;
using Mus.Web.Pages.Organisation;
using Mus.Web.Pages.Rounds;

// The container's health check: a request to the running instance, before anything of the application is built.
if (args is [HealthProbe.Name, ..])
{
    return await HealthProbe.RunAsync(args.Length > 1 ? args[1] : HealthProbe.DefaultAddress, Console.Out);
}

var command = CommandLine.Parse(args);
if (command.ShowHelp)
{
    CommandLine.PrintHelp(Console.Out);
    return 0;
}

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(command.ConfigurationArguments);
    // Run from a build (not a publish), the static files and their compressed copies are spread over
    // the project and obj/; the build's manifest says where, in every environment, not only Development.
    // A published app has no such manifest and serves its wwwroot.
    builder.WebHost.UseStaticWebAssets();
    // Served from a build, the framework would watch each file for changes made while a developer works:
    // it then sends every file uncached, and a compressed one re-made on the fly (labelled brotli, made
    // as gzip, which browsers refuse). The build's own answer is right in every environment: a changed
    // file gets a new fingerprint at the next build, and only fingerprinted names are cached for good.
    builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
    builder.AddStructuredLogging(forPeople: builder.Environment.IsDevelopment() || command.Demo);
    builder.AddTelemetry();
    builder.AddPublicAddress();
    builder.AddData();
    builder.AddSignIn();
    builder.AddApiClients();
    builder.AddApi();
    builder.AddMail();
    builder.AddLocalizedPages();
    builder.AddOrganisation();
    builder.AddAudit();
    builder.AddRetention();
    builder.AddConversations();
    builder.AddRounds();
    builder.AddReminders();
    builder.AddJournal();
    app = builder.Build();
    // What ValidateOnStart checks, checked before anything runs (a command too, which starts no host).
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
}
catch (Exception misconfigured) when (misconfigured is SettingsException or OptionsValidationException
    || (misconfigured is InvalidOperationException && misconfigured.TargetSite?.DeclaringType?.Assembly == typeof(Program).Assembly))
{
    // Our own checks of the settings say what is missing or wrong; an operator needs that line, not a stack trace.
    Console.Error.WriteLine("MUS cannot start: " + misconfigured.Message);
    return 2;
}

if (command.Name is not null)
{
    return await CommandLine.RunAsync(app.Services, command, Console.Out);
}

await app.Services.MigrateDatabaseAsync();
await app.SeedDemoOnStartAsync(command.Demo || app.Environment.IsDevelopment(), Console.Out);
app.UseMusPipeline();
app.MapEndpoints();
app.MapProtocols();
await app.RunAsync();
return 0;

/// <summary>Visible to the tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
