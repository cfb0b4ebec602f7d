using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Mus.Tests.Pages.Rounds;

/// <summary>HR looks after the round's orientation, reminder days and materials; everyone in the round reads them on the round's page.</summary>
public sealed class RoundSettingsTests : IAsyncLifetime
{
    private MusApp app = null!;
    private int round;

    public async ValueTask InitializeAsync()
    {
        app = await MusApp.StartAsync();
        round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private string Url => $"/rounds/{round}/settings";

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, string title, byte[] file, string fileName)
    {
        var (target, values) = await client.ReadFormAsync(url, "handler=Add");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in values.Where(v => v.Key != "NewMaterial.File"))
        {
            form.Add(new StringContent(name == "NewMaterial.Title" ? title : value), name);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, "NewMaterial.File", fileName);
        return await client.PostAsync(target, form);
    }

    [Fact]
    public async Task HrSavesOrientationMandatoryAndReminderDays_AndBadDaysAreRefusedWithAMessage()
    {
        var hr = await app.SignedInAsync(DemoPeople.Hr);

        var response = await hr.PostFormAsync(Url, new Dictionary<string, string>
        {
            ["Input.Orientation"] = "Vi taler om de nye målere.",
            ["Input.Mandatory"] = "true",
            ["Input.PreparationReminderDays"] = "3; 10 ,1",
            ["Input.SchedulingReminderDays"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round));
        Assert.Equal(("Vi taler om de nye målere.", true), (stored.Orientation, stored.Mandatory));
        Assert.Equal([10, 3, 1], stored.PreparationReminderDays);
        Assert.Empty(stored.SchedulingReminderDays);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Contains("Vi taler om de nye målere.", (await ida.GetPageAsync($"/rounds/{round}/about")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        foreach (var bad in new[] { "7, x", "91", "-1", "1,2,3,4,5,6" })
        {
            var before = await DatabaseFingerprint.TakeAsync(app);
            response = await hr.PostFormAsync(Url, new Dictionary<string, string> { ["Input.PreparationReminderDays"] = bad });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("hele dage", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
            Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
        }
    }

    [Fact]
    public async Task TwoHrUsers_WithTheSamePage_TheSecondIsToldAndKeepsWhatTheyTyped()
    {
        var first = await app.SignedInAsync(DemoPeople.Hr);
        var second = await app.SignedInAsync(DemoPeople.Hr);
        var (target, stale) = await second.ReadFormAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Orientation"] = "Første udgave" })).StatusCode);

        stale["Input.Orientation"] = "Anden udgave";
        var response = await second.PostAsync(target, new FormUrlEncodedContent(stale));

        // The one status of every clash.
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("En anden har ændret", page.QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Anden udgave", page.QuerySelector("textarea[name='Input.Orientation']")!.TextContent.Trim());
        Assert.Equal("Første udgave", await app.WithDbAsync(db => db.Rounds.Where(r => r.Id == round).Select(r => r.Orientation).SingleAsync()));
    }

    [Fact]
    public async Task AMaterial_IsAnHttpsLinkOrARealPdf_ThatEveryoneInTheRoundCanOpen()
    {
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        var before = await app.WithDbAsync(db => db.RoundMaterials.CountAsync(m => m.RoundId == round));

        foreach (var link in new[] { "javascript:alert(1)", "/start/hr", "ftp://fjordby.example.dk/x" })
        {
            var refused = await hr.PostFormAsync(Url, new Dictionary<string, string> { ["NewMaterial.Title"] = "Politik", ["NewMaterial.Url"] = link }, formAction: "handler=Add");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("https://", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        }

        var notPdf = await UploadAsync(hr, Url, "Ikke en PDF", "<html>hej</html>"u8.ToArray(), "falsk.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, notPdf.StatusCode);
        Assert.Contains("ikke en PDF", (await notPdf.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.RoundMaterials.CountAsync(m => m.RoundId == round)));

        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync(Url, new Dictionary<string, string> { ["NewMaterial.Title"] = "Kursuskatalog", ["NewMaterial.Url"] = "https://fjordby.example.dk/kurser" }, formAction: "handler=Add")).StatusCode);
        var pdf = await app.WithDbAsync(db => db.RoundMaterials.Where(m => m.Content != null).Select(m => m.Content!).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(hr, Url, "Vejledning på én side", pdf, "vejledning (endelig).pdf")).StatusCode);

        var julie = await app.SignedInAsync(DemoPeople.OtherEmployee);
        var about = await julie.GetPageAsync($"/rounds/{round}/about");
        Assert.NotNull(about.QuerySelector("a[href='https://fjordby.example.dk/kurser']"));
        var download = about.QuerySelectorAll("main a").Single(a => a.TextContent == "Vejledning på én side").GetAttribute("href")!;
        var file = await julie.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("vejledning-endelig.pdf", file.Content.Headers.ContentDisposition?.FileNameStar ?? file.Content.Headers.ContentDisposition?.FileName);
        using (var document = PdfDocument.Open(await file.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains("MUS", string.Concat(document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        }

        // Removed, it is gone for the participants too.
        var id = await app.WithDbAsync(db => db.RoundMaterials.Where(m => m.Title == "Vejledning på én side").Select(m => m.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync(Url, new Dictionary<string, string> { ["material"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formAction: "handler=Remove")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await julie.GetAsync(download)).StatusCode);
    }

    [Fact]
    public async Task TheRoundsPage_IsForThoseInTheRound_AndHr()
    {
        // Louise Brix leaves the round (she leads nobody), so she has no conversation in it.
        const string louise = "louise.brix@fjordby.example.dk";
        var client = await app.SignedInAsync(louise);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/rounds/{round}/about")).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Conversations.Where(c => c.RoundId == round && c.Employee!.Email == louise).ExecuteDeleteAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/rounds/{round}/about")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/rounds/{round}/about?material=1&handler=File")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(DemoPeople.Employee)).GetAsync($"/rounds/{round}/about")).StatusCode);
    }
}
