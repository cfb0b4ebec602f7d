using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Cli;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Tests.Data;

/// <summary>Compartments are sealed at rest under their own keys, and shredding destroys them for good.</summary>
public sealed class CompartmentEncryptionTests
{
    private const string Canary = "Kanariefugl-7f3a9c: kun for Ida og Karsten";

    private static Task<int> IdasConversationAsync(MusApp app) => app.WithDbAsync(db => db.Conversations
        .Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());

    [Fact]
    public async Task SealedContent_OpensOnlyInItsOwnPlace_WithItsOwnKey()
    {
        await using var app = await MusApp.StartAsync(demo: false);
        var cipher = app.Services.GetRequiredService<CompartmentCipher>();
        var key = cipher.NewWrappedKey(7, PartKind.Plan);
        var sealedContent = cipher.Seal("{\"mål\":\"æøå\"}", key, 7, PartKind.Plan, 3);

        Assert.Equal("{\"mål\":\"æøå\"}", cipher.Open(sealedContent, key, 7, PartKind.Plan, 3));
        Assert.DoesNotContain("æøå", Encoding.UTF8.GetString(sealedContent), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedContent, key, 8, PartKind.Plan, 3));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedContent, key, 7, PartKind.SharedNotes, 3));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedContent, key, 7, PartKind.Plan, 2));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedContent, cipher.NewWrappedKey(7, PartKind.Plan), 7, PartKind.Plan, 3));
        var altered = (byte[])sealedContent.Clone();
        altered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(altered, key, 7, PartKind.Plan, 3));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WhatIsWritten_IsNowhereInTheDatabaseAsPlaintext(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var id = await IdasConversationAsync(app);
        var employee = await app.SignedInAsync(DemoPeople.Employee);
        await employee.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Share");
        Assert.Contains(Canary, await (await app.SignedInAsync(DemoPeople.CurrentLeader)).GetStringAsync($"/conversations/{id}/preparation"), StringComparison.Ordinal);

        // Every column of every compartment row, as the database hands it out.
        var raw = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"ConversationParts\"";
            await using var reader = await command.ExecuteReaderAsync();
            var text = new StringBuilder();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetValue(i).ToString()).Append('|');
                }
            }

            return text.ToString();
        });
        Assert.DoesNotContain("Kanariefugl", raw, StringComparison.Ordinal);

        if (provider == TestDatabase.Sqlite)
        {
            // The file and its write-ahead log, byte for byte.
            foreach (var file in Directory.GetFiles(app.Database.Directory, "mus.db*"))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf("Kanariefugl"u8) < 0, $"{Path.GetFileName(file)} holds the canary in plaintext");
            }
        }
    }

    public static TheoryData<string, string> ProvidersAndTampering()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var tampering in new[] { "swapped", "flipped", "compartment" })
            {
                data.Add(provider, tampering);
            }
        }

        return data;
    }

    /// <summary>
    /// Someone with access to the database swaps Ida's sealed answers and key onto Julie's row, or
    /// flips one byte of Julie's, or relabels Julie's preparation as her leader's. The page still
    /// answers 200, says the content cannot be read, shows none of it, and new content saves.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndTampering))]
    public async Task TamperedContent_IsShownAsUnreadable_NeverAsAFailedPage_AndNewContentSaves(string provider, string tampering)
    {
        await using var app = await MusApp.StartAsync(provider);
        var ida = await IdasConversationAsync(app);
        var julie = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.Email == DemoPeople.OtherEmployee && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await (await app.SignedInAsync(DemoPeople.Employee)).PostFormAsync($"/conversations/{ida}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = Canary }, formAction: "handler=Save");
        await (await app.SignedInAsync(DemoPeople.OtherEmployee)).PostFormAsync($"/conversations/{julie}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Julies eget svar" }, formAction: "handler=Save");

        await app.WithDbAsync(async db =>
        {
            var idas = await db.ConversationParts.AsNoTracking().SingleAsync(p => p.ConversationId == ida && p.Kind == PartKind.EmployeePreparation);
            var julies = await db.ConversationParts.AsNoTracking().SingleAsync(p => p.ConversationId == julie && p.Kind == PartKind.EmployeePreparation);
            var flipped = (byte[])julies.Sealed!.Clone();
            flipped[flipped.Length / 2] ^= 1;
            return tampering switch
            {
                "swapped" => await db.Database.ExecuteSqlRawAsync("UPDATE \"ConversationParts\" SET \"Sealed\" = {0}, \"WrappedKey\" = {1} WHERE \"Id\" = {2}", idas.Sealed!, idas.WrappedKey!, julies.Id),
                "flipped" => await db.Database.ExecuteSqlRawAsync("UPDATE \"ConversationParts\" SET \"Sealed\" = {0} WHERE \"Id\" = {1}", flipped, julies.Id),
                _ => await db.Database.ExecuteSqlRawAsync("UPDATE \"ConversationParts\" SET \"Kind\" = 'LeaderPreparation' WHERE \"Id\" = {0}", julies.Id),
            };
        });

        // Julie reads her preparation (after relabelling, her leader reads "his").
        var reader = await app.SignedInAsync(tampering == "compartment" ? DemoPeople.OtherLeader : DemoPeople.OtherEmployee);
        var response = await reader.GetAsync($"/conversations/{julie}/preparation");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("kan ikke læses", (await response.ParseAsync()).QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Kanariefugl", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Julies eget svar", html, StringComparison.Ordinal);

        // (The leader's preparation asks other questions than the employee's.)
        var question = tampering == "compartment" ? "Answers[tasks-ahead]" : "Answers[tasks-success]";
        var saved = await reader.PostFormAsync($"/conversations/{julie}/preparation", new Dictionary<string, string> { [question] = "Skrevet på ny" }, formAction: "handler=Save");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        var again = await reader.GetPageAsync($"/conversations/{julie}/preparation");
        Assert.Null(again.QuerySelector("[role=alert]"));
        Assert.Contains("Skrevet på ny", again.Body!.InnerHtml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ShreddedKeys_StayDestroyed_WhenAnOlderBackupIsRestoredAndTheJournalReplayed(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var id = await IdasConversationAsync(app);
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        await karsten.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = Canary }, formAction: "handler=Save");
        // The backup an operator would take: the backup command on SQLite, pg_dump on PostgreSQL.
        var backupFile = Path.Combine(app.Database.Directory, "backups", "backup.db");
        var backupDump = provider == TestDatabase.Sqlite ? null : await PostgresTools.DumpAsync(app.Database.ConnectionString!);
        if (backupDump is null)
        {
            var written = new StringWriter();
            Assert.Equal(0, await CommandLine.RunAsync(app.Services, CommandLine.Parse(["backup", backupFile]), written));
            Assert.Contains("Backup written to", written.ToString(), StringComparison.Ordinal);
            // A second backup never overwrites the first.
            Assert.Equal(1, await CommandLine.RunAsync(app.Services, CommandLine.Parse(["backup", backupFile]), new StringWriter()));
        }

        var stored = await app.WithDbAsync(db => db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == id && p.Kind == PartKind.LeaderPreparation).Select(p => new { p.WrappedKey, p.Sealed }).SingleAsync());

        // A change of leader shreds Karsten's preparation and journals its key.
        var moved = await (await app.SignedInAsync(DemoPeople.Hr)).PostFormAsync($"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1030" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, moved.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == id && p.Kind == PartKind.LeaderPreparation)));
        var journalPath = app.Services.GetRequiredService<ShredJournal>().Path;
        var journal = await File.ReadAllTextAsync(journalPath);
        Assert.Contains("LeaderPreparation", journal, StringComparison.Ordinal);
        Assert.DoesNotContain("Kanariefugl", journal, StringComparison.Ordinal);

        // Not even the key-encryption key gets it back: neither the wrapped data key nor the
        // ciphertext is left in what the database stores (SQLite: the file and its write-ahead log;
        // PostgreSQL: a dump, which writes bytes as hex).
        var files = provider == TestDatabase.Sqlite
            ? await Task.WhenAll(Directory.GetFiles(app.Database.Directory, "mus.db*").Select(async f => (Path.GetFileName(f), await File.ReadAllBytesAsync(f))))
            : [("pg_dump", await PostgresTools.DumpAsync(app.Database.ConnectionString!))];
        foreach (var (name, bytes) in files)
        {
            foreach (var secret in new[] { stored.WrappedKey!, stored.Sealed![..32] })
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0 && bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(secret))) < 0, $"{name} still holds the wrapped data key or the ciphertext");
            }
        }

        // The older backup comes back: Karsten's preparation is in it, readable again...
        var restoredDatabase = await TestDatabase.CreateAsync(provider);
        if (backupDump is not null)
        {
            await PostgresTools.RestoreAsync(restoredDatabase.ConnectionString!, backupDump);
        }

        await using var restored = new MusApp(restoredDatabase, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = backupDump is null ? $"Data Source={backupFile}" : restoredDatabase.ConnectionString,
            ["Shredding:JournalPath"] = journalPath,
            // Restoring a backup needs the certificate that protects its key ring.
            ["DataProtection:CertificatePath"] = Path.Combine(app.Database.Directory, DataProtectionCertificate.GeneratedFileName),
        });
        _ = restored.Services;
        var restoredPart = await restored.WithDbAsync(db => db.ConversationParts.SingleAsync(p => p.ConversationId == id && p.Kind == PartKind.LeaderPreparation));
        Assert.Contains("Kanariefugl", restoredPart.Content, StringComparison.Ordinal);

        // ...until the journal is replayed; a second replay finds nothing more to do.
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(restored.Services, CommandLine.Parse(["replay-shreds"]), output));
        // Every compartment the change of leader destroyed (his preparation, and his evaluation of last year's conversation).
        var shredded = (await File.ReadAllLinesAsync(journalPath)).Count(line => line.Length > 0);
        Assert.True(shredded >= 1);
        Assert.Contains($"{shredded} compartment(s) destroyed", output.ToString(), StringComparison.Ordinal);
        Assert.False(await restored.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == id && p.Kind == PartKind.LeaderPreparation)));
        var again = new StringWriter();
        await CommandLine.RunAsync(restored.Services, CommandLine.Parse(["replay-shreds"]), again);
        Assert.Contains("0 compartment(s) destroyed", again.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyRingThatProtectsTheKeyEncryptionKey_IsItselfEncryptedAtRest()
    {
        await using var app = await MusApp.StartAsync(demo: false);

        var ring = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        var kek = await app.WithDbAsync(db => db.KeyEncryptionKeys.SingleAsync());

        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
        Assert.True(kek.Protected.Length > 60, "the key-encryption key is stored protected, not as 32 plain bytes");
    }
}
