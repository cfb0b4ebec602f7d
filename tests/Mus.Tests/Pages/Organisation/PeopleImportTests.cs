using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Tests.Pages.Organisation;

/// <summary>The people import on the demo organisation (units DIR, DRIFT, KUNDE, PROJ; people 1001–1059).</summary>
public sealed class PeopleImportTests : IAsyncLifetime
{
    private const string Header = "medarbejdernummer;navn;email;stilling;jobgruppe;enhed;leder;ansat";
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<ImportReport> ImportAsync(byte[] file)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PeopleImport>().ImportAsync(file);
    }

    private static byte[] Utf8(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    [Fact]
    public async Task GoodFile_AddsPeopleWithAccountsAndLeaders()
    {
        var report = await ImportAsync(Utf8(
            Header,
            "2001;Åse Ærø;aase.aeroe@fjordby.example.dk;Tekniker;Driftsteknikere;DRIFT;2002;01-02-2024",
            "2002;Øjvind Nørby;oejvind@fjordby.example.dk;Holdleder;Ledere;DRIFT;1010;2019-05-01"));

        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        Assert.Equal(["2001", "2002"], report.Added);
        var (name, leader, start, hasAccount) = await app.WithDbAsync(db => db.People
            .Where(p => p.EmployeeNumber == "2001")
            .Select(p => new Tuple<string, string, DateOnly?, bool>(p.Name, p.Leader!.EmployeeNumber, p.EmploymentStart, db.Users.Any(u => u.PersonId == p.Id)))
            .SingleAsync());
        Assert.Equal("Åse Ærø", name);
        Assert.Equal("2002", leader);
        Assert.Equal(new DateOnly(2024, 2, 1), start);
        Assert.True(hasAccount);
    }

    [Fact]
    public async Task SameFileTwice_SecondTimeReportsNoChange()
    {
        var file = Utf8(Header, "2001;Åse Ærø;aase@fjordby.example.dk;Tekniker;Nye folk;DRIFT;1010;2024-02-01");
        var first = await ImportAsync(file);
        Assert.Equal(["2001"], first.Added);
        Assert.Equal(["Nye folk"], first.NewJobGroups);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var again = await ImportAsync(file);

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.False(again.ChangedAnything);
        Assert.Equal(1, again.Unchanged);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task ChangedFile_UpdatesByEmployeeNumber_AndListsLeaderChangesApart()
    {
        // Rasmus Thorsen's leader writes a private preparation that must not reach his new leader.
        var rasmus = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == "1012" && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{rasmus}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens private tanker" }, formAction: "handler=Save")).StatusCode);
        Assert.Contains("Karstens private tanker", await karsten.GetStringAsync($"/conversations/{rasmus}/preparation"), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == rasmus && p.Kind == Mus.Web.Domain.Conversations.PartKind.LeaderPreparation)));

        var report = await ImportAsync(Utf8(
            Header,
            "1011;Ida Brandt;ida.brandt@fjordby.example.dk;Overtekniker;Driftsteknikere;DRIFT;1010;2020-03-01",
            "1012;Rasmus Thorsen;rasmus.thorsen@fjordby.example.dk;Driftstekniker;Driftsteknikere;DRIFT;1022;2011-06-01"));

        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        var update = Assert.Single(report.Updated);
        Assert.Equal("1011", update.EmployeeNumber);
        Assert.Equal(["Field.JobTitle"], update.Fields);
        var leaderChange = Assert.Single(report.LeaderChanges);
        Assert.Equal(("1012", "1010", "1022"), (leaderChange.EmployeeNumber, leaderChange.FormerLeaderNumber, leaderChange.NewLeaderNumber));
        Assert.Equal("1022", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1012").Select(p => p.Leader!.EmployeeNumber).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == rasmus && p.Kind == Mus.Web.Domain.Conversations.PartKind.LeaderPreparation)));
        Assert.Equal(HttpStatusCode.NotFound, (await karsten.GetAsync($"/conversations/{rasmus}/preparation")).StatusCode);
    }

    [Fact]
    public async Task ChangedEmail_MovesTheSignInToTheNewAddress()
    {
        var report = await ImportAsync(Utf8(Header, "1011;Ida Brandt;ida.b@fjordby.example.dk;Driftstekniker;Driftsteknikere;DRIFT;1010;2020-03-01"));

        Assert.Equal(["Field.Email"], Assert.Single(report.Updated).Fields);
        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync("ida.b@fjordby.example.dk", Mus.Web.Demo.DemoOrganisation.Password));
        // The old address is told (the owner may not know), as with every change of an account's address.
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == DemoPeople.Employee && m.Purpose == Mus.Web.Infrastructure.Auth.AccountAddress.ChangedPurpose)));
    }

    [Fact]
    public async Task AnAdministratorsOrHrsNewAddress_InAFile_IsABadLine_AndNothingChanges()
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        // Mads Kjærgaard (1003) is the administrator, Hanne Vestergaard (1002) is HR; Louise Brix (1004) is neither.
        var report = await ImportAsync(Utf8(
            Header,
            "1003;Mads Kjærgaard;mallory@evil.example;IT-ansvarlig;Administration;DIR;1001;2019-01-15",
            "1002;Hanne Vestergaard;hanne.v@fjordby.example.dk;HR-konsulent;Administration;DIR;1001;2016-09-01",
            "1004;Louise Brix;louise.b@fjordby.example.dk;Økonomimedarbejder;Administration;DIR;1001;2021-04-01"));

        Assert.Equal([("Import.Error.RoleAccountEmail", 2), ("Import.Error.RoleAccountEmail", 3)], report.Errors.Select(e => (e.Key, e.Line ?? 0)));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task Windows1252File_WithDanishLetters_IsReadCorrectly()
    {
        var text = "medarbejdernummer;navn;email;enhed\r\n2001;Søren Ågård Æbelø;soeren@fjordby.example.dk;KUNDE\r\n";
        var file = CodePagesEncoding().GetBytes(text);

        var report = await ImportAsync(file);

        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        Assert.Equal("Søren Ågård Æbelø", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "2001").Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task Utf8WithByteOrderMark_AndCommas_IsReadCorrectly()
    {
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("employee_number,name,email,unit,leader\n2001,\"Holm, Åse\",aase@fjordby.example.dk,PROJ,1050\n")).ToArray();

        var report = await ImportAsync(file);

        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        Assert.Equal("Holm, Åse", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "2001").Select(p => p.Name).SingleAsync()));
    }

    public static TheoryData<string, byte[], string, int?> BadFiles => new()
    {
        { "UTF-16", Encoding.Unicode.GetBytes(Header + "\r\n2001;A;a@x.dk;T;G;DRIFT;1010;2024-01-01\r\n"), "Import.Error.NotText", null },
        { "unknown encoding", Encoding.ASCII.GetBytes(Header + "\r\n").Concat(new byte[] { 0x32, 0x30, 0x30, 0x31, 0x3B, 0x81, 0x8D, 0x3B }).ToArray(), "Import.Error.UnknownEncoding", 2 },
        { "missing column", Utf8("medarbejdernummer;navn;enhed", "2001;A;DRIFT"), "Import.Error.MissingColumn", 1 },
        { "duplicate e-mail in file", Utf8(Header, "2001;A;same@x.dk;;;DRIFT;1010;", "2002;B;Same@x.dk;;;DRIFT;1010;"), "Import.Error.DuplicateEmail", 3 },
        { "e-mail of someone else", Utf8(Header, "2001;A;ida.brandt@fjordby.example.dk;;;DRIFT;1010;"), "Import.Error.EmailTaken", 2 },
        { "duplicate number", Utf8(Header, "2001;A;a@x.dk;;;DRIFT;1010;", "2001;B;b@x.dk;;;DRIFT;1010;"), "Import.Error.DuplicateNumber", 3 },
        { "unknown leader", Utf8(Header, "2001;A;a@x.dk;;;DRIFT;9999;"), "Import.Error.UnknownLeader", 2 },
        { "unknown unit", Utf8(Header, "2001;A;a@x.dk;;;NOWHERE;1010;"), "Import.Error.UnknownUnit", 2 },
        { "leader cycle", Utf8(Header, "2001;A;a@x.dk;;;DRIFT;2002;", "2002;B;b@x.dk;;;DRIFT;2003;", "2003;C;c@x.dk;;;DRIFT;2001;"), "Import.Error.LeaderCycle", 2 },
        { "cycle through recorded people", Utf8(Header, "1010;Karsten Lund;karsten.lund@fjordby.example.dk;;;DRIFT;1011;"), "Import.Error.LeaderCycle", 2 },
        { "own leader", Utf8(Header, "2001;A;a@x.dk;;;DRIFT;2001;"), "Import.Error.LeaderIsSelf", 2 },
        { "bad date", Utf8(Header, "2001;A;a@x.dk;;;DRIFT;1010;31-02-2024"), "Import.Error.BadDate", 2 },
        { "bad e-mail", Utf8(Header, "2001;A;not-an-address;;;DRIFT;1010;"), "Import.Error.BadEmail", 2 },
        { "missing name", Utf8(Header, "2001;;a@x.dk;;;DRIFT;1010;"), "Import.Error.Required", 2 },
        { "too long name", Utf8(Header, $"2001;{new string('x', 201)};a@x.dk;;;DRIFT;1010;"), "Import.Error.TooLong", 2 },
        { "empty file", [], "Import.Error.EmptyFile", null },
        { "header only", Utf8(Header), "Import.Error.NoRows", null },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task BadFile_ReportsTheLineAndReason_AndChangesNothing(string because, byte[] file, string expectedKey, int? expectedLine)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        var report = await ImportAsync(file);

        Assert.False(report.Succeeded, because);
        Assert.Contains(report.Errors, e => e.Key == expectedKey && e.Line == expectedLine);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task TenThousandRows_WithOneBadRow_ReportsJustThatLine_AndChangesNothing()
    {
        var lines = new List<string> { Header };
        for (var i = 0; i < 10_000; i++)
        {
            var number = 100_000 + i;
            var leader = i == 0 ? "1010" : (100_000 + (i - 1) / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"{number};Person {i};p{number}@fjordby.example.dk;Tekniker;Driftsteknikere;DRIFT;{leader};2020-01-01");
        }

        lines[7_500] = lines[7_500].Replace("DRIFT", "UKENDT", StringComparison.Ordinal);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var report = await ImportAsync(Utf8([.. lines]));

        var error = Assert.Single(report.Errors);
        Assert.Equal((7_501, "Import.Error.UnknownUnit"), (error.Line!.Value, error.Key));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));

        lines[7_500] = lines[7_500].Replace("UKENDT", "DRIFT", StringComparison.Ordinal);
        var fixedReport = await ImportAsync(Utf8([.. lines]));
        Assert.True(fixedReport.Succeeded);
        Assert.Equal(10_000, fixedReport.Added.Count);
        Assert.Equal(10_040, await app.WithDbAsync(db => db.People.CountAsync()));
    }

    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
