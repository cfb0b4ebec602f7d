using Mus.Tests.Infrastructure;
using Mus.Web.Infrastructure.Files;

namespace Mus.Tests.Infrastructure.Files;

/// <summary>The data folder and what MUS writes in it are the service account's alone (mails hold live reset links).</summary>
public sealed class OwnerOnlyTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TheDataFolder_TheMailFolder_TheMails_AndTheCertificate_AreOwnerOnly()
    {
        await using var app = await MusApp.StartAsync();
        // The folder existed before the application started, as the test's temporary folder, readable by all.
        await app.CreateBrowserlikeClient().PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });
        var mail = (await MailFolder.MailsAsync(app, 1))[0];

        Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(app.Database.Directory));
        Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(app.MailDirectory));
        Assert.Equal(OwnerOnly.FileMode, File.GetUnixFileMode(mail));
        Assert.Equal(OwnerOnly.FileMode, File.GetUnixFileMode(Path.Combine(app.Database.Directory, "dataprotection.pfx")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ABackup_IsOwnerOnly_AndAWholeDatabase()
    {
        await using var app = await MusApp.StartAsync();
        var file = Path.Combine(app.Database.Directory, "backups", "mus-backup.db");
        var written = new StringWriter();

        Assert.Equal(0, await Mus.Web.Cli.CommandLine.RunAsync(app.Services, Mus.Web.Cli.CommandLine.Parse(["backup", file]), written));

        Assert.Equal(OwnerOnly.FileMode, File.GetUnixFileMode(file));
        Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Equal("SQLite format 3\0"u8.ToArray(), File.ReadAllBytes(file)[..16]);
        Assert.True(new FileInfo(file).Length > 100_000, $"{new FileInfo(file).Length} bytes");
    }
}
