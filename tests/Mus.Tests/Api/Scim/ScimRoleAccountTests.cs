using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Api.Scim;

/// <summary>
/// A token is no master key: a directory's SCIM client cannot move, close or reopen an account that holds
/// power in MUS, cannot reopen an account an administrator closed, and a new address it gives anyone ends
/// their sessions, voids the reset links already sent and is told to the old address.
/// </summary>
public sealed partial class ScimRoleAccountTests
{
    private const string Patch = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/scim+json");

    private static StringContent Replace(string path, string value) =>
        Json($$"""{ "schemas": ["{{Patch}}"], "Operations": [ { "op": "replace", "path": "{{path}}", "value": {{value}} } ] }""");

    private static Task<int> PersonIdAsync(MusApp app, string email) =>
        app.WithDbAsync(db => db.People.Where(p => p.Email == email).Select(p => p.Id).SingleAsync());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AScimToken_CannotMoveCloseOrReopen_AnAdministratorOrHr_AndNothingChanges(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, services: ApiClientTokens.FrozenClock);
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var administrator = await PersonIdAsync(app, DemoPeople.Administrator);
        var hr = await PersonIdAsync(app, DemoPeople.Hr);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var attempts = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            // The tester's way in: the administrator's work address moved outside, then "forgot password".
            ("administrator's e-mail", () => scim.PatchAsync($"/scim/v2/Users/{administrator}", Replace("emails[type eq \\\"work\\\"].value", "\"mallory@evil.example\""))),
            ("administrator's userName", () => scim.PatchAsync($"/scim/v2/Users/{administrator}", Replace("userName", "\"mallory@evil.example\""))),
            ("administrator closed", () => scim.PatchAsync($"/scim/v2/Users/{administrator}", Replace("active", "false"))),
            ("administrator deleted", () => scim.DeleteAsync($"/scim/v2/Users/{administrator}")),
            ("HR's e-mail", () => scim.PatchAsync($"/scim/v2/Users/{hr}", Replace("emails[type eq \\\"work\\\"].value", "\"mallory@evil.example\""))),
            ("HR deleted", () => scim.DeleteAsync($"/scim/v2/Users/{hr}")),
        };
        var wrong = new List<string>();
        foreach (var (name, send) in attempts)
        {
            var response = await send();
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if (response.StatusCode != HttpStatusCode.Forbidden || (string?)error["schemas"]![0] != ApiErrors.ScimErrorSchema || !((string?)error["detail"] ?? "").Contains("holds a role", StringComparison.Ordinal))
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {error.ToJsonString()}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));

        // What is theirs to keep in step still is: the administrator's job title.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/scim/v2/Users/{administrator}", Replace("title", "\"IT-chef\""))).StatusCode);
        var stored = await app.WithDbAsync(db => db.People.Where(p => p.Id == administrator).Select(p => new { p.JobTitle, p.Email }).SingleAsync());
        Assert.Equal(("IT-chef", DemoPeople.Administrator), (stored.JobTitle, stored.Email));
    }

    [Fact]
    public async Task AnAccountAnAdministratorClosed_StaysClosed_WhenTheDirectorySaysActive_OneTheDirectoryClosedItMayOpen()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var admin = await app.SignedInAsync(DemoPeople.Administrator);
        var rasmus = "rasmus.thorsen@fjordby.example.dk";
        var person = await PersonIdAsync(app, rasmus);
        var account = await app.WithDbAsync(db => db.Users.Where(u => u.Email == rasmus).Select(u => u.Id).SingleAsync());
        Task<bool> ClosedAsync() => app.WithDbAsync(async db => AccountStatus.IsDisabled(await db.Users.SingleAsync(u => u.Id == account)));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/accounts?query=rasmus", new Dictionary<string, string>(), formAction: "id=" + account)).StatusCode);
        Assert.True(await ClosedAsync());

        var reopened = await scim.PatchAsync($"/scim/v2/Users/{person}", Replace("active", "true"));

        Assert.Equal(HttpStatusCode.Forbidden, reopened.StatusCode);
        Assert.Contains("administrator closed", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await ClosedAsync());

        // The administrator opens it; then the directory closes it, and may open it again.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/accounts?query=rasmus", new Dictionary<string, string>(), formAction: "id=" + account)).StatusCode);
        Assert.False(await ClosedAsync());
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/scim/v2/Users/{person}", Replace("active", "false"))).StatusCode);
        Assert.True(await ClosedAsync());
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/scim/v2/Users/{person}", Replace("active", "true"))).StatusCode);
        Assert.False(await ClosedAsync());
    }

    [Fact]
    public async Task ANewAddressFromTheDirectory_EndsTheSessions_VoidsTheResetLinkSent_AndTellsTheOldAddress()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.OK, (await ida.GetAsync("/start/employee")).StatusCode);
        Task<string?> PasswordAsync() => app.WithDbAsync(db => db.Users.Where(u => u.Person!.EmployeeNumber == DemoPeople.EmployeeNumber).Select(u => u.PasswordHash).SingleAsync());
        var password = await PasswordAsync();
        var stranger = app.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.OK, (await stranger.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee })).StatusCode);
        await MailFolder.MailsAsync(app, 1);
        var reset = await MailFolder.DeliveredAsync(app, DemoPeople.Employee, "password-reset");
        var link = LinkPattern().Match(reset.TextBody!).Value;
        Assert.StartsWith("https://localhost/sign-in/reset-password?code=", link, StringComparison.OrdinalIgnoreCase);

        var moved = await scim.PatchAsync($"/scim/v2/Users/{await PersonIdAsync(app, DemoPeople.Employee)}", Replace("emails[type eq \\\"work\\\"].value", "\"ida.b@fjordby.example.dk\""));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("ida.b@fjordby.example.dk", await app.WithDbAsync(db => db.Users.Where(u => u.Person!.EmployeeNumber == DemoPeople.EmployeeNumber).Select(u => u.Email).SingleAsync()));
        // Her open session ends at its next request.
        Assert.Contains("/sign-in", (await ida.GetAsync("/start/employee")).Location(), StringComparison.OrdinalIgnoreCase);
        // The link mailed before the move no longer sets a password.
        var used = await stranger.PostFormAsync(link, new Dictionary<string, string> { ["Input.Password"] = "a brand new long passphrase", ["Input.ConfirmPassword"] = "a brand new long passphrase" });
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.NotNull((await used.ParseAsync()).QuerySelector(".alert-error"));
        Assert.Equal(password, await PasswordAsync());
        // The old address is told, without the new one.
        var told = await MailFolder.DeliveredAsync(app, DemoPeople.Employee, AccountAddress.ChangedPurpose);
        Assert.Contains("ændret", told.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ida.b@", told.TextBody, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex LinkPattern();
}
