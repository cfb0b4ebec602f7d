using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Tests.Data;

/// <summary>
/// A database of the previous release, filled with its demo (Data/Releases: made by that release's own
/// <c>seed-demo</c>, then <c>backup</c> on SQLite and <c>pg_dump</c> on PostgreSQL, with the certificate
/// that protected its key ring), is upgraded by today's start-up and read back: every compartment opens,
/// and Ida reads last year's plan in the browser's way. At each release the fixture is made again from it
/// (see Data/Releases/README.md); migrations are never squashed again once a release has a fixture.
/// </summary>
public sealed class UpgradeTests
{
    private const string Release = "release-1";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheDemoOfThePreviousRelease_IsUpgraded_AndEveryCompartmentReadsBack(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        if (provider == TestDatabase.Sqlite)
        {
            await using var packed = File.OpenRead(RepositoryFiles.PathOf("tests", "Mus.Tests", "Data", "Releases", Release + ".db.gz"));
            await using var unpacked = File.Create(Path.Combine(database.Directory, "mus.db"));
            await new GZipStream(packed, CompressionMode.Decompress).CopyToAsync(unpacked);
        }
        else
        {
            await PostgresTools.RestoreAsync(database.ConnectionString!, await UnpackAsync(Release + ".pg.sql.gz"));
        }

        var before = await AppliedMigrationsAsync(database);
        Assert.Contains(before, m => m.EndsWith("_Initial", StringComparison.Ordinal));

        await using var app = new MusApp(database, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = RepositoryFiles.PathOf("tests", "Mus.Tests", "Data", "Releases", Release + ".dataprotection.pfx"),
        });
        _ = app.Services;

        // The release's migrations are the first of today's, unchanged, and the rest were applied.
        var known = await app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        Assert.Equal(before, known.Take(before.Count));
        Assert.Equal(known, await AppliedMigrationsAsync(database));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var parts = await db.ConversationParts.AsNoTracking().ToListAsync();
            Assert.Equal(5, parts.Count);
            Assert.All(parts, part => Assert.False(string.IsNullOrWhiteSpace(part.Content), $"Compartment {part.Kind} of conversation {part.ConversationId} is empty."));
            Assert.False(scope.ServiceProvider.GetRequiredService<UnreadableCompartments>().Any, "A compartment of the previous release could not be opened.");
            Assert.Contains(parts, part => part.Kind == PartKind.Plan && part.Content.Contains("SRO-system", StringComparison.Ordinal));
        }

        // The release's conversations are counted in their people's units and job groups (the best known).
        var counted = await app.WithDbAsync(db => db.Conversations.Select(c => new { c.UnitIdAtRound, c.JobGroupIdAtRound, c.Employee!.OrgUnitId, c.Employee.JobGroupId }).ToListAsync());
        Assert.NotEmpty(counted);
        Assert.All(counted, c => Assert.Equal((c.OrgUnitId, c.JobGroupId), (c.UnitIdAtRound!.Value, c.JobGroupIdAtRound)));

        // The upgrade counted the release's approved plans once (their kinds of action), with those reads on
        // record as MUS's own; the held conversations were held with the leader they have.
        var figures = await app.WithDbAsync(db => db.ConversationFigures.Where(f => f.Plan != null).CountAsync());
        Assert.Equal(await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => p.Kind == PartKind.Plan)), figures);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Purpose == "statistics" && a.PersonId == null)));
        Assert.True(await app.WithDbAsync(db => db.Conversations.Where(c => c.Status == ConversationStatus.Held).AllAsync(c => c.HeldWithLeaderId == c.LeaderId)));

        // Signing in works on the upgraded database, and last year's plan shows.
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var plan = await app.WithDbAsync(db => db.ConversationParts.Where(p => p.Kind == PartKind.Plan && db.Conversations.Any(c => c.Id == p.ConversationId && c.Employee!.Email == DemoPeople.Employee)).Select(p => p.ConversationId).SingleAsync());
        var page = await ida.GetAsync($"/conversations/{plan}/plan");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Blive fortrolig med det nye SRO-system", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<byte[]> UnpackAsync(string file)
    {
        await using var packed = File.OpenRead(RepositoryFiles.PathOf("tests", "Mus.Tests", "Data", "Releases", file));
        using var unpacked = new MemoryStream();
        await new GZipStream(packed, CompressionMode.Decompress).CopyToAsync(unpacked);
        return unpacked.ToArray();
    }

    private static async Task<List<string>> AppliedMigrationsAsync(TestDatabase database)
    {
        var ids = new List<string>();
        if (database.Provider == TestDatabase.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(database.Directory, "mus.db")};Pooling=false");
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }
        else
        {
            await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids;
    }
}
