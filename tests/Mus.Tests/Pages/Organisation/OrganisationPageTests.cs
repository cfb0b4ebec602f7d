using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.Organisation;

public sealed class OrganisationPageTests : IAsyncLifetime
{
    private MusApp app = null!;

    public async ValueTask InitializeAsync() => app = await MusApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv)
    {
        var page = await client.GetPageAsync("/organisation/import");
        var token = page.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "people.csv");
        return await client.PostAsync("/organisation/import", content);
    }

    [Fact]
    public async Task ImportPage_AsHr_ImportsAndShowsTheSummary()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);

        var response = await UploadAsync(client, "medarbejdernummer;navn;email;enhed;leder\n2001;Bo Ravn;bo.ravn@fjordby.example.dk;KUNDE;1030\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("1 nye, 0 opdaterede, 0 skift af leder, 0 uændrede", page.QuerySelector(".alert-success")!.TextContent);
        Assert.True(await app.WithDbAsync(db => db.People.AnyAsync(p => p.EmployeeNumber == "2001")));
    }

    [Fact]
    public async Task ImportPage_WithBadFile_Shows400AndEveryLine()
    {
        var client = await app.SignedInAsync(DemoOrganisation.AdministratorEmail);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var response = await UploadAsync(client, "medarbejdernummer;navn;email;enhed;leder\n2001;A;a@x.dk;NOPE;1030\n2002;B;b@x.dk;KUNDE;7777\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ParseAsync()).QuerySelectorAll(".alert-error li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("Linje 2:", errors[0]);
        Assert.Contains("Linje 3:", errors[1]);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task ImportPage_WithoutFile_ShowsMessage()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);

        var response = await client.PostFormAsync("/organisation/import", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Vælg en fil", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent);
    }

    [Fact]
    public async Task EditPerson_WhenSomeoneElseSavedFirst_ShowsBothVersionsAndOverwritesNothing()
    {
        var first = await app.SignedInAsync(DemoOrganisation.HrEmail);
        var second = await app.SignedInAsync(DemoOrganisation.AdministratorEmail);
        var id = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1012").Select(p => p.Id).SingleAsync());
        var url = $"/organisation/people/edit/{id}";
        var secondsCopy = await second.GetPageAsync(url);

        var saved = await first.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Rasmus Thorsen",
            ["Input.Email"] = "rasmus.thorsen@fjordby.example.dk",
            ["Input.JobTitle"] = "Overtekniker",
            ["Input.UnitId"] = secondsCopy.QuerySelector("#Input_UnitId option[selected]")!.GetAttribute("value")!,
            ["Input.LeaderNumber"] = "1010",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var token = secondsCopy.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var stale = await second.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Version"] = secondsCopy.QuerySelector("#Input_Version")!.GetAttribute("value")!,
            ["Input.Name"] = "Rasmus Thorsen",
            ["Input.Email"] = "rasmus.thorsen@fjordby.example.dk",
            ["Input.JobTitle"] = "Vagtleder",
            ["Input.UnitId"] = secondsCopy.QuerySelector("#Input_UnitId option[selected]")!.GetAttribute("value")!,
            ["Input.LeaderNumber"] = "1010",
        }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ParseAsync();
        Assert.Contains("Overtekniker", page.QuerySelector(".alert-warning")!.TextContent);
        Assert.Equal("Vagtleder", page.QuerySelector("#Input_JobTitle")!.GetAttribute("value"));
        Assert.Equal("Overtekniker", await app.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.JobTitle).SingleAsync()));
    }

    [Fact]
    public async Task EditPerson_HrCannotMoveAnAdministratorsAddress_AnAdministratorCanMoveHrs_WhichEndsHerSessions()
    {
        var hr = await app.SignedInAsync(DemoOrganisation.HrEmail);
        var administrator = await app.SignedInAsync(DemoOrganisation.AdministratorEmail);
        async Task<int> IdAsync(string email) => await app.WithDbAsync(db => db.People.Where(p => p.Email == email).Select(p => p.Id).SingleAsync());

        var refused = await hr.PostFormAsync($"/organisation/people/edit/{await IdAsync(DemoOrganisation.AdministratorEmail)}", new Dictionary<string, string> { ["Input.Email"] = "mallory@evil.example" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Kun en administrator", (await refused.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(DemoOrganisation.AdministratorEmail, await app.WithDbAsync(db => db.Users.Where(u => u.Person!.EmployeeNumber == "1003").Select(u => u.Email).SingleAsync()));

        var moved = await administrator.PostFormAsync($"/organisation/people/edit/{await IdAsync(DemoOrganisation.HrEmail)}", new Dictionary<string, string> { ["Input.Email"] = "hanne.v@fjordby.example.dk" });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("/sign-in", (await hr.GetAsync("/start/hr")).Location(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == DemoOrganisation.HrEmail && m.Purpose == Mus.Web.Infrastructure.Auth.AccountAddress.ChangedPurpose)));
    }

    [Fact]
    public async Task EditPerson_ToMakeALeaderCycle_IsRefused()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);
        var id = await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "1010").Select(p => p.Id).SingleAsync());
        var url = $"/organisation/people/edit/{id}";
        var page = await client.GetPageAsync(url);

        var response = await client.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Karsten Lund",
            ["Input.Email"] = "karsten.lund@fjordby.example.dk",
            ["Input.UnitId"] = page.QuerySelector("#Input_UnitId option[selected]")!.GetAttribute("value")!,
            ["Input.LeaderNumber"] = "1011",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ring", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent);
        Assert.Equal("1001", await app.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.Leader!.EmployeeNumber).SingleAsync()));
    }

    [Fact]
    public async Task EditPerson_UnknownId_Is404()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organisation/people/edit/999999")).StatusCode);
    }

    [Fact]
    public async Task OrganisationPage_SearchFindsByName_AndRejectsABadPageNumber()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);

        var page = await client.GetPageAsync("/organisation?query=brandt");
        Assert.Equal(["Ida Brandt"], page.QuerySelectorAll("tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()));

        var bad = await client.GetAsync("/organisation?side=abc");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotNull((await bad.ParseAsync()).QuerySelector(".alert-error"));
    }

    [Fact]
    public async Task CreateUnit_WithTakenCode_IsRefused_AndNewCodeIsCreated()
    {
        var client = await app.SignedInAsync(DemoOrganisation.HrEmail);

        var taken = await client.PostFormAsync("/organisation/units/create", new Dictionary<string, string> { ["Input.Code"] = "DRIFT", ["Input.Name"] = "Igen" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);

        var created = await client.PostFormAsync("/organisation/units/create", new Dictionary<string, string> { ["Input.Code"] = "LAB", ["Input.Name"] = "Laboratoriet" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.OrgUnits.CountAsync(u => u.Code == "DRIFT")));
        Assert.True(await app.WithDbAsync(db => db.OrgUnits.AnyAsync(u => u.Code == "LAB")));
    }
}
