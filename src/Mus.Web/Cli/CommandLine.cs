using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Demo;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Web.Cli;

/// <summary>
/// The same executable as the web application, run with a command instead: the commands get the
/// application's own services and configuration (<c>--Database:Provider=Postgres</c> and so on).
/// </summary>
public static class CommandLine
{
    public sealed record Command(string? Name, IReadOnlyList<string> Arguments, bool Demo, bool ShowHelp, string[] ConfigurationArguments);

    private static readonly (string Name, string Usage, string Summary)[] Commands =
    [
        ("migrate", "migrate", "Create or upgrade the database to the current schema, then exit."),
        ("import-org", "import-org <file>", "Import people from a CSV file (a file with a bad line changes nothing); prints every bad line."),
        ("create-admin", "create-admin <email>", "Create an administrator account (or grant the role) and print a one-time password."),
        ("seed-demo", "seed-demo", "Fill an empty database with the demo organisation and print its sign-in details."),
        ("backup", "backup <file>", "SQLite: write a consistent copy of the database to a new file while MUS runs (VACUUM INTO). PostgreSQL: use pg_dump."),
        ("replay-shreds", "replay-shreds", "After restoring a backup: destroy again every compartment key listed in the shred journal."),
        (HealthProbe.Name, "probe [address]", "Exit 0 when a running MUS answers /health/ready (default: this host, the port of ASPNETCORE_HTTP_PORTS or 8080); starts nothing else."),
    ];

    public static Command Parse(string[] args)
    {
        string? name = null;
        var arguments = new List<string>();
        var configuration = new List<string>();
        bool demo = false, help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "help")
            {
                help = true;
            }
            else if (arg == "--demo")
            {
                demo = true;
            }
            else if (arg.StartsWith('-'))
            {
                configuration.Add(arg);
                // "--key value" as well as "--key=value".
                if (!arg.Contains('=') && i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                {
                    configuration.Add(args[++i]);
                }
            }
            else if (name is null)
            {
                name = arg;
            }
            else
            {
                arguments.Add(arg);
            }
        }

        return new Command(name, arguments, demo, help, configuration.ToArray());
    }

    public static void PrintHelp(TextWriter output)
    {
        output.WriteLine("MUS – the yearly employee development conversation.");
        output.WriteLine();
        output.WriteLine("Usage: Mus.Web [command] [--demo] [--Key=Value ...]");
        output.WriteLine("Without a command the web application starts; --demo fills an empty database with the demo organisation.");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var (_, usage, summary) in Commands)
        {
            output.WriteLine($"  {usage,-22} {summary}");
        }
    }

    public static async Task<int> RunAsync(IServiceProvider services, Command command, TextWriter output)
    {
        if (Commands.All(c => c.Name != command.Name))
        {
            output.WriteLine($"Unknown command '{command.Name}'.");
            PrintHelp(output);
            return 2;
        }

        await services.MigrateDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        switch (command.Name)
        {
            case "migrate":
                output.WriteLine("The database is up to date.");
                return 0;
            case "import-org":
                return await ImportAsync(provider, command.Arguments, output);
            case "create-admin":
                return await CreateAdministratorAsync(provider, command.Arguments, output);
            case "backup":
                return await BackupAsync(provider, command.Arguments, output);
            case "replay-shreds":
                var journal = provider.GetRequiredService<Mus.Web.Infrastructure.Crypto.ShredJournal>();
                var destroyed = await journal.ReplayAsync(provider.GetRequiredService<AppDbContext>());
                output.WriteLine($"Shred journal {journal.Path}: {destroyed} compartment(s) destroyed again.");
                return 0;
            default:
                var seeded = await provider.GetRequiredService<DemoOrganisation>().SeedAsync();
                output.WriteLine(seeded ? "The demo organisation was created." : "The database already has people; nothing was added.");
                DemoOrganisation.PrintSignInDetails(output);
                return seeded ? 0 : 1;
        }
    }

    /// <summary>
    /// A copy of the SQLite database as one consistent file, taken while the application runs (readers
    /// and writers go on). The copy holds the key ring encrypted under the certificate and the
    /// compartments under their keys: keep the certificate and the shred journal beside it, not in it.
    /// </summary>
    private static async Task<int> BackupAsync(IServiceProvider provider, IReadOnlyList<string> arguments, TextWriter output)
    {
        if (arguments.Count != 1)
        {
            output.WriteLine("Usage: backup <file>");
            return 2;
        }

        var db = provider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite())
        {
            output.WriteLine("On PostgreSQL take the backup with the database's own tool, e.g. pg_dump --format=custom --file=mus.dump <database>; restore it with pg_restore.");
            return 2;
        }

        var file = Path.GetFullPath(arguments[0]);
        if (File.Exists(file))
        {
            output.WriteLine($"{file} exists already; a backup is written to a new file only.");
            return 1;
        }

        Infrastructure.Files.OwnerOnly.Folder(Path.GetDirectoryName(file)!);
        // An empty file of the owner's alone first: SQLite writes into it (it accepts an empty target) and
        // keeps its mode, so the copy of everyone's sealed data is not readable by every local user.
        await using (Infrastructure.Files.OwnerOnly.Open(file, FileMode.CreateNew, FileAccess.Write))
        {
        }

        await db.Database.ExecuteSqlAsync($"VACUUM INTO {file}");
        output.WriteLine($"Backup written to {file} ({new FileInfo(file).Length / 1024} KB). Keep the Data Protection certificate and the shred journal with your backups, but apart from this file; after a restore run replay-shreds.");
        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider provider, IReadOnlyList<string> arguments, TextWriter output)
    {
        if (arguments.Count != 1 || !File.Exists(arguments[0]))
        {
            output.WriteLine("Usage: import-org <file>  (the file must exist)");
            return 2;
        }

        var report = await provider.GetRequiredService<PeopleImport>().ImportAsync(await File.ReadAllBytesAsync(arguments[0]));
        var text = provider.GetRequiredService<IStringLocalizer<Text>>();
        foreach (var error in report.Errors)
        {
            var line = error.Line is int number ? text["Import.Line", number] + " " : "";
            output.WriteLine($"{line}{text[error.Key, error.Arguments]}");
        }

        if (!report.Succeeded)
        {
            output.WriteLine(text[report.Partial ? "Import.Stopped" : "Import.Failed", report.Errors.Count]);
            return 1;
        }

        output.WriteLine(text["Import.Summary", report.Added.Count, report.Updated.Count, report.LeaderChanges.Count, report.Unchanged]);
        foreach (var change in report.LeaderChanges)
        {
            output.WriteLine(text["Import.LeaderChange", change.Name, change.EmployeeNumber, change.FormerLeaderNumber ?? "–", change.NewLeaderNumber ?? "–"]);
        }

        return 0;
    }

    private static async Task<int> CreateAdministratorAsync(IServiceProvider provider, IReadOnlyList<string> arguments, TextWriter output)
    {
        if (arguments.Count != 1 || !arguments[0].Contains('@'))
        {
            output.WriteLine("Usage: create-admin <email>");
            return 2;
        }

        var email = Person.NormaliseEmail(arguments[0]);
        var users = provider.GetRequiredService<UserManager<AppUser>>();
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Administrator))
        {
            await roles.CreateAsync(new IdentityRole(Roles.Administrator));
        }

        var user = await users.FindByEmailAsync(email);
        string? password = null;
        if (user is null)
        {
            var db = provider.GetRequiredService<AppDbContext>();
            var personId = await db.People.Where(p => p.Email == email).Select(p => (int?)p.Id).SingleOrDefaultAsync();
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, PersonId = personId };
            password = GeneratePassword();
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                output.WriteLine(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)));
                return 1;
            }
        }

        if (!await users.IsInRoleAsync(user, Roles.Administrator))
        {
            await users.AddToRoleAsync(user, Roles.Administrator);
        }

        output.WriteLine(password is null
            ? $"{email} already had an account and is now an administrator; the password is unchanged."
            : $"Administrator {email} created. One-time password (change it after signing in): {password}");
        return 0;
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
