using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Pages.Rounds;

/// <summary>
/// Opening a round invites everyone in it through the outbox and a real SMTP server: each employee
/// in their own language with their own links, each leader with their list. On both databases, since
/// the employees' mails are written by one SQL statement per language.
/// </summary>
public sealed class RoundOpeningMailTests : IAsyncLifetime
{
    /// <summary>Two months ahead on the tests' clock, so the round is always open in the future.</summary>
    private static readonly DateOnly PreparationDeadline = TestClock.Today.AddMonths(2);

    private readonly TestSmtpServer smtp = new();

    public ValueTask InitializeAsync()
    {
        smtp.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await smtp.DisposeAsync();

    private static async Task<int> OpenAsync(MusApp app, string unitCode, bool mandatory)
    {
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var unit = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        var template = await app.WithDbAsync(db => db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "four-themes").Select(v => v.Id).SingleAsync());
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = $"Ekstra runde {unitCode}",
            ["Input.TemplateVersionId"] = template.ToString(CultureInfo.InvariantCulture),
            ["Input.UnitIds"] = unit.ToString(CultureInfo.InvariantCulture),
            ["Input.FocusText"] = "Samarbejdet på tværs af vagterne",
            ["Input.Orientation"] = "Læs personalepolitikken først.",
            ["Input.PreparationDeadline"] = PreparationDeadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.ConversationDeadline"] = PreparationDeadline.AddDays(45).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (mandatory)
        {
            fields["Input.Mandatory"] = "true";
        }

        var response = await hr.PostFormAsync("/rounds/open", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Location().Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private static MimeMessage To(IEnumerable<MimeMessage> mails, string email) => mails.Single(m => m.To.Mailboxes.Single().Address == email);

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task OpeningARound_InvitesEachEmployeeInTheirLanguage_WithTheirOwnLinks_AndEachLeaderWithTheirList(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, settings: smtp.Settings);
        await app.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.OtherEmployee).ExecuteUpdateAsync(set => set.SetProperty(p => p.Language, "en")));
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMails.CountAsync()));

        var round = await OpenAsync(app, "KUNDE", mandatory: false);

        var conversations = await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round)
            .Select(c => new { c.Id, c.Employee!.Email, Leader = c.Leader!.Email }).ToListAsync());
        var leaders = conversations.Select(c => c.Leader).Distinct().ToList();
        var mails = await smtp.WaitForAsync(conversations.Count + leaders.Count);
        Assert.Equal(conversations.Count + leaders.Count, mails.Count);
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());

        var kasper = conversations.Single(c => c.Email == "kasper.bak@fjordby.example.dk");
        var toKasper = To(mails, kasper.Email);
        var deadline = PreparationDeadline;
        Assert.Equal($"Ekstra runde KUNDE: forbered din MUS senest {deadline.ToString("D", new CultureInfo("da-DK"))}", toKasper.Subject);
        Assert.Contains($"{deadline.Day}. {new CultureInfo("da-DK").DateTimeFormat.GetMonthName(deadline.Month)} {deadline.Year}", toKasper.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Kære Kasper Bak\n", toKasper.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("din medarbejderudviklingssamtale (MUS) med Vibeke Nørgaard", toKasper.TextBody, StringComparison.Ordinal);
        Assert.Contains("Årets fokus: Samarbejdet på tværs af vagterne", toKasper.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{kasper.Id}/preparation\n", toKasper.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/rounds/{round}/about", toKasper.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{kasper.Id}/participation", toKasper.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/guidance/employee", toKasper.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{MusApp.PublicUrl}/conversations/{kasper.Id}/preparation\">", toKasper.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"da\">", toKasper.HtmlBody, StringComparison.Ordinal);
        // Nobody else's link is in his mail.
        Assert.All(conversations.Where(c => c != kasper), other => Assert.DoesNotContain($"/conversations/{other.Id}/preparation\n", toKasper.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal));

        var julie = conversations.Single(c => c.Email == DemoPeople.OtherEmployee);
        var toJulie = To(mails, julie.Email);
        Assert.Equal($"Ekstra runde KUNDE: prepare for your MUS by {deadline.ToString("D", new CultureInfo("en-GB"))}", toJulie.Subject);
        Assert.Contains($"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(deadline.Month)} {deadline.Year}", toJulie.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Dear Julie Ravn", toJulie.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/conversations/{julie.Id}/preparation", toJulie.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", toJulie.HtmlBody, StringComparison.Ordinal);

        // Vibeke is invited to her own conversation too; this is the one about her people.
        var toVibeke = mails.Single(m => m.To.Mailboxes.Single().Address == DemoPeople.OtherLeader && m.Subject?.Contains("medarbejdere", StringComparison.Ordinal) == true);
        Assert.Equal(2, mails.Count(m => m.To.Mailboxes.Single().Address == DemoPeople.OtherLeader));
        var hers = conversations.Count(c => c.Leader == DemoPeople.OtherLeader);
        Assert.Equal($"Ekstra runde KUNDE: MUS med {hers} medarbejdere", toVibeke.Subject);
        Assert.Contains("Kasper Bak", toVibeke.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{MusApp.PublicUrl}/Start/Leader", toVibeke.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"{MusApp.PublicUrl}/guidance/leader", toVibeke.TextBody, StringComparison.Ordinal);

        // Sent, the texts are gone from the outbox; the records stay.
        var stored = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Purpose.StartsWith("round-opened")).ToListAsync());
        Assert.Equal(mails.Count, stored.Count);
        Assert.All(stored, m => Assert.Equal("", m.TextBody));
    }

    [Fact]
    public async Task AMandatoryRound_DoesNotOfferTheNoThanks()
    {
        await using var app = await MusApp.StartAsync(settings: smtp.Settings);

        var round = await OpenAsync(app, "DRIFT", mandatory: true);

        var count = await app.WithDbAsync(db => db.OutboxMails.CountAsync());
        var mails = await smtp.WaitForAsync(count);
        var toIda = To(mails, DemoPeople.Employee);
        Assert.Contains($"/rounds/{round}/about", toIda.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/participation", toIda.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("nej tak", toIda.TextBody, StringComparison.Ordinal);
    }
}
