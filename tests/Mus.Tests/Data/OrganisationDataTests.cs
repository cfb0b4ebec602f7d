using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Tests.Data;

/// <summary>The same data tests on every database we ship: SQLite and PostgreSQL.</summary>
public sealed class OrganisationDataTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_CreateTheSchema_AndTheDemoSeedsOnce(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);

        Assert.Equal(40, await app.WithDbAsync(db => db.People.CountAsync()));
        Assert.Equal(4, await app.WithDbAsync(db => db.OrgUnits.CountAsync()));
        Assert.Equal(40, await app.WithDbAsync(db => db.Users.CountAsync(u => u.PersonId != null)));
        await app.SeedDemoAsync();
        Assert.Equal(40, await app.WithDbAsync(db => db.People.CountAsync()));
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoEditorsOfOnePerson_TheSecondSaveFails_InsteadOfOverwriting(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        await using var firstScope = app.Services.CreateAsyncScope();
        await using var secondScope = app.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var firstCopy = await first.People.SingleAsync(p => p.EmployeeNumber == "1011");
        var secondCopy = await second.People.SingleAsync(p => p.EmployeeNumber == "1011");

        firstCopy.JobTitle = "Overtekniker";
        await first.SaveChangesAsync();
        secondCopy.JobTitle = "Vagtleder";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal("Overtekniker", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1011").Select(p => p.JobTitle).SingleAsync()));
        Assert.Equal(firstCopy.Version, await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1011").Select(p => p.Version).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheDatabase_RefusesADuplicateEmail(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);

        var saving = app.WithDbAsync(async db =>
        {
            var unit = await db.OrgUnits.FirstAsync();
            db.People.Add(new Person { EmployeeNumber = "9999", Name = "Dobbelt", Email = "ida.brandt@fjordby.example.dk", OrgUnitId = unit.Id });
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => saving);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_AppliesAllOrNothing(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        const string Header = "medarbejdernummer;navn;email;enhed;leder\n";

        var good = await ImportAsync(app, Header + "2001;Åse Ærø;aase@fjordby.example.dk;DRIFT;1010\n2002;Bo Bæk;bo@fjordby.example.dk;DRIFT;2001\n");
        var before = await DatabaseFingerprint.TakeAsync(app);
        var bad = await ImportAsync(app, Header + "2003;Cy;cy@fjordby.example.dk;DRIFT;1010\n2004;Di;di@fjordby.example.dk;DRIFT;4242\n");

        Assert.True(good.Succeeded);
        Assert.False(bad.Succeeded);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
        Assert.Equal(42, await app.WithDbAsync(db => db.People.CountAsync()));
        Assert.Equal("Åse Ærø", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "2002").Select(p => p.Leader!.Name).SingleAsync()));
    }

    private static async Task<ImportReport> ImportAsync(MusApp app, string csv)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PeopleImport>().ImportAsync(Encoding.UTF8.GetBytes(csv));
    }
}
