using Mus.Web.Cli;
using Mus.Web.Data.Demo;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Infrastructure.Logging;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Organisation;
using Mus.Web.Pages.Reminders;

var command = CommandLine.Parse(args);
if (command.ShowHelp)
{
    CommandLine.PrintHelp(Console.Out);
    return 0;
}

var builder = WebApplication.CreateBuilder(command.ConfigurationArguments);
builder.AddStructuredLogging();
builder.AddPublicAddress();
builder.AddData();
builder.AddSignIn();
builder.AddMail();
builder.AddLocalizedPages();
builder.AddOrganisation();
builder.AddConversations();
builder.AddReminders();

var app = builder.Build();
if (command.Name is not null)
{
    return await CommandLine.RunAsync(app.Services, command, Console.Out);
}

await app.Services.MigrateDatabaseAsync();
await app.SeedDemoOnStartAsync(command.Demo || app.Environment.IsDevelopment(), Console.Out);
app.UseMusPipeline();
app.MapEndpoints();
await app.RunAsync();
return 0;

/// <summary>Visible to the tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
