namespace Mus.Web.Demo;

public static class DemoStartup
{
    /// <summary>
    /// With <c>--demo</c> (or in Development) an empty database gets the demo organisation, and
    /// whenever the demo organisation is there, its sign-in details are printed.
    /// </summary>
    public static async Task SeedDemoOnStartAsync(this WebApplication app, bool wanted, TextWriter output)
    {
        if (!wanted)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == DemoOrganisation.EmployeeEmail.ToUpperInvariant()))
        {
            // Printed once the server listens, so the address to open comes with the accounts.
            app.Lifetime.ApplicationStarted.Register(() => DemoOrganisation.PrintSignInDetails(output, app.Urls));
        }
    }
}
