using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Cli;

namespace Mus.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Help_ListsEveryCommandWithOneLine()
    {
        var output = new StringWriter();

        CommandLine.PrintHelp(output);

        var text = output.ToString();
        foreach (var command in new[] { "migrate", "import-org <file>", "create-admin <email>", "seed-demo", "backup <file>", "replay-shreds" })
        {
            Assert.Single(text.Split('\n'), line => line.TrimStart().StartsWith(command, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Parse_SeparatesCommandArgumentsAndConfiguration()
    {
        var command = CommandLine.Parse(["import-org", "people.csv", "--Database:Provider=Postgres", "--urls", "http://localhost:5001", "--demo"]);

        Assert.Equal("import-org", command.Name);
        Assert.Equal(["people.csv"], command.Arguments);
        Assert.True(command.Demo);
        Assert.Equal(["--Database:Provider=Postgres", "--urls", "http://localhost:5001"], command.ConfigurationArguments);
    }

    [Fact]
    public async Task ImportOrg_PrintsEveryBadLine_AndReturnsFailure()
    {
        await using var app = await MusApp.StartAsync();
        var file = Path.Combine(app.Database.Directory, "people.csv");
        await File.WriteAllTextAsync(file, "medarbejdernummer;navn;email;enhed\n2001;A;a@x.dk;NOPE\n2002;;b@x.dk;DRIFT\n");
        var output = new StringWriter();

        var exitCode = await CommandLine.RunAsync(app.Services, CommandLine.Parse(["import-org", file]), output);

        Assert.Equal(1, exitCode);
        Assert.Contains("Linje 2:", output.ToString());
        Assert.Contains("Linje 3:", output.ToString());
    }

    [Fact]
    public async Task CreateAdmin_MakesAnAccountThatCanSignIn()
    {
        await using var app = await MusApp.StartAsync(demo: false);
        var output = new StringWriter();

        var exitCode = await CommandLine.RunAsync(app.Services, CommandLine.Parse(["create-admin", "Boss@Example.dk"]), output);

        Assert.Equal(0, exitCode);
        var password = output.ToString().Split(": ").Last().Trim();
        Assert.Equal("/Start/Administrator", await app.CreateBrowserlikeClient().SignInAsync("boss@example.dk", password));
        Assert.Equal(1, await app.WithDbAsync(db => db.UserRoles.CountAsync()));
    }

    [Fact]
    public async Task SeedDemo_OnAnEmptyDatabase_CreatesFortyPeople_AndRefusesASecondTime()
    {
        await using var app = await MusApp.StartAsync(demo: false);

        Assert.Equal(0, await CommandLine.RunAsync(app.Services, CommandLine.Parse(["seed-demo"]), new StringWriter()));
        Assert.Equal(1, await CommandLine.RunAsync(app.Services, CommandLine.Parse(["seed-demo"]), new StringWriter()));
        Assert.Equal(40, await app.WithDbAsync(db => db.People.CountAsync()));
    }
}
