using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Api.Scim;

/// <summary>
/// SCIM 2.0 provisioning as a directory's client does it (the requests follow RFC 7644's examples and
/// Microsoft Entra ID's habits), on both databases: people created with their leader, found by
/// userName and externalId, their leader changed (with the change-of-leader protocol), closed.
/// </summary>
public sealed class ScimTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string ScimUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    private static StringContent Json(string json, string type = "application/scim+json") => new(json, Encoding.UTF8, type);

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static Task<int> PersonIdAsync(MusApp app, string number) =>
        app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == number).Select(p => p.Id).SingleAsync());

    /// <summary>Barbara Jensen of RFC 7643's example, as a new technician under Karsten Lund.</summary>
    private static string Barbara(int managerId) => $$"""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "{{Enterprise}}"],
          "externalId": "bjensen",
          "userName": "bjensen@fjordby.example.dk",
          "name": { "formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara" },
          "displayName": "Babs Jensen",
          "title": "Driftstekniker",
          "active": true,
          "emails": [ { "value": "babs.jensen@fjordby.example.dk", "type": "work", "primary": true } ],
          "phoneNumbers": [ { "value": "555-555-8377", "type": "work" } ],
          "preferredLanguage": "da-DK",
          "{{Enterprise}}": {
            "employeeNumber": "701984",
            "costCenter": "4130",
            "department": "DRIFT",
            "manager": { "value": "{{managerId}}", "displayName": "Karsten Lund" }
          }
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AStandardClientsFlow_CreatesWithManager_FindsByUserNameAndExternalId_PatchesTheManager_AndDeactivates(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var karsten = await PersonIdAsync(app, "1010");
        var vibeke = await PersonIdAsync(app, "1030");

        // The client asks first whether the person is there.
        var before = await ReadAsync(await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"bjensen@fjordby.example.dk\"")));
        Assert.Equal(0, (int)before["totalResults"]!);

        var created = await scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await ReadAsync(created);
        var id = (string)user["id"]!;
        Assert.Equal($"https://localhost/scim/v2/Users/{id}", created.Headers.Location!.ToString());
        Assert.Equal((string)user["meta"]!["version"]!, created.Headers.ETag!.ToString());
        Assert.Equal(karsten.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)user[Enterprise]!["manager"]!["value"]!);
        Assert.Equal("bjensen@fjordby.example.dk", (string)user["userName"]!);

        var stored = await app.WithDbAsync(db => db.People.Include(p => p.OrgUnit).SingleAsync(p => p.EmployeeNumber == "701984"));
        Assert.Equal(("Babs Jensen", "babs.jensen@fjordby.example.dk", karsten, "DRIFT", "bjensen"), (stored.Name, stored.Email, stored.LeaderId!.Value, stored.OrgUnit!.Code, stored.ExternalId));
        var account = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id));
        Assert.Null(account.PasswordHash);
        Assert.False(AccountStatus.IsDisabled(account));

        foreach (var filter in new[] { "userName eq \"BJENSEN@fjordby.example.dk\"", "externalId eq \"bjensen\"" })
        {
            var found = await ReadAsync(await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString(filter)));
            Assert.Equal(1, (int)found["totalResults"]!);
            Assert.Equal(id, (string)found["Resources"]![0]!["id"]!);
        }

        // RFC 7644 §3.5.2.3's form, then Entra ID's (a bare id), for the manager.
        var patched = await scim.PatchAsync($"/scim/v2/Users/{id}", Json($$"""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              "Operations": [ { "op": "replace", "path": "{{Enterprise}}:manager", "value": { "value": "{{vibeke}}" } } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(vibeke, await app.WithDbAsync(db => db.People.Where(p => p.Id == stored.Id).Select(p => p.LeaderId!.Value).SingleAsync()));
        patched = await scim.PatchAsync($"/scim/v2/Users/{id}", Json($$"""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              "Operations": [ { "op": "Add", "path": "{{Enterprise}}:manager", "value": "{{karsten}}" },
                              { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "barbara.jensen@fjordby.example.dk" } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var afterPatch = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == stored.Id));
        Assert.Equal((karsten, "barbara.jensen@fjordby.example.dk"), (afterPatch.LeaderId!.Value, afterPatch.Email));
        Assert.Equal("barbara.jensen@fjordby.example.dk", await app.WithDbAsync(db => db.Users.Where(u => u.PersonId == stored.Id).Select(u => u.Email).SingleAsync()));

        // Entra ID deactivates with a patch without path; the account is closed as the administrator's page closes it.
        var stamp = account.SecurityStamp;
        var deactivated = await scim.PatchAsync($"/scim/v2/Users/{id}", Json("""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [ { "op": "Replace", "value": { "active": "False" } } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.False((bool)(await ReadAsync(deactivated))["active"]!);
        var closed = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id));
        Assert.True(AccountStatus.IsDisabled(closed));
        Assert.NotEqual(stamp, closed.SecurityStamp);

        // And opened again; then DELETE closes it too: the person stays in MUS, but for SCIM the User is gone (RFC 7644 §3.6).
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/scim/v2/Users/{id}", Json("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [ { "op": "replace", "path": "active", "value": true } ] }"""))).StatusCode);
        Assert.False(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id))));
        Assert.True((bool)(await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{id}")))["active"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/Users/{id}")).StatusCode);
        Assert.True(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id))));
        Assert.Equal("701984", await app.WithDbAsync(db => db.People.Where(p => p.Id == stored.Id).Select(p => p.EmployeeNumber).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/Users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.PutAsync($"/scim/v2/Users/{id}", Json(Barbara(karsten)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.PatchAsync($"/scim/v2/Users/{id}", Json("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [ { "op": "replace", "path": "active", "value": true } ] }"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/scim/v2/Users/{id}")).StatusCode);
        Assert.Equal(0, (int)(await ReadAsync(await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString("externalId eq \"bjensen\""))))["totalResults"]!);
        Assert.True(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id))));

        // Her keys stay hers (the person is still in MUS), said so; nor can she be made anyone's leader.
        var clash = await scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("701984", "701985", StringComparison.Ordinal).Replace("\"bjensen\"", "\"bjensen2\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("deleted earlier", (string)(await ReadAsync(clash))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await scim.PatchAsync($"/scim/v2/Users/{vibeke}", Json($$"""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [ { "op": "replace", "path": "{{Enterprise}}:manager", "value": "{{id}}" } ] }"""))).StatusCode);

        // Created again with the same employee number, she is the same person, back (her history stays hers).
        var back = await scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten)));
        Assert.Equal(HttpStatusCode.Created, back.StatusCode);
        Assert.Equal(id, (string)(await ReadAsync(back))["id"]!);
        Assert.False(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == stored.Id))));
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/v2/Users/{id}")).StatusCode);
    }

    [Fact]
    public async Task ALeaderChangeBySCIM_RunsTheChangeOfLeaderProtocol_TheFormerLeadersNotesAreShreddedWithAReceipt()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        var vibeke = await PersonIdAsync(app, "1030");
        var conversation = await app.WithDbAsync(db => db.Conversations.Where(c => c.EmployeeId == ida && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{conversation}/preparation", new Dictionary<string, string> { ["Answers[tasks-ahead]"] = "Karstens egne noter" }, "handler=Save")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == conversation && p.Kind == Mus.Web.Domain.Conversations.PartKind.LeaderPreparation)));
        Assert.Equal(0, await app.WithDbAsync(db => db.ShredReceipts.CountAsync(r => r.EmployeeId == ida)));

        var response = await scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              "Operations": [ { "op": "replace", "path": "{{Enterprise}}:manager", "value": { "value": "{{vibeke}}" } } ] }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // (Karsten's evaluation of last year's conversation is his own too, and goes with a receipt of its own.)
        var receipt = await app.WithDbAsync(db => db.ShredReceipts.SingleAsync(r => r.EmployeeId == ida && r.Compartment == Mus.Web.Domain.Conversations.PartKind.LeaderPreparation));
        Assert.Equal(("Receipts.Reason.LeaderChange", conversation), (receipt.Reason, receipt.ConversationId));
        Assert.False(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.ConversationId == conversation && p.Kind == Mus.Web.Domain.Conversations.PartKind.LeaderPreparation)));
        // The open conversation goes on with the new leader, and Ida sees the receipt.
        Assert.Equal(vibeke, await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.LeaderId).SingleAsync()));
        Assert.Contains("Karsten Lund", await (await app.SignedInAsync(DemoPeople.Employee)).GetStringAsync("/profile/receipts"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequestsSCIMRefuses_AreAnsweredWithItsErrors_AndSaveNothing(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Api:MaxBodyBytes"] = "65536" }, services: ApiClientTokens.FrozenClock);
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var karsten = await PersonIdAsync(app, "1010");
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        const string patch = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
        // The client's first call marks it used (once a minute): taken before the fingerprint.
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var cases = new (string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string? ScimType)[]
        {
            ("unknown attribute", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"title\"", "\"favouriteColour\": \"blå\", \"title\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("wrong type", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"active\": true", "\"active\": \"maybe\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidValue"),
            ("manager unknown", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(999999))), HttpStatusCode.BadRequest, "invalidValue"),
            ("unknown department", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"DRIFT\"", "\"NOWHERE\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidValue"),
            ("no key that fits an employee number", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"employeeNumber\": \"701984\",", "", StringComparison.Ordinal).Replace("\"externalId\": \"bjensen\",", "", StringComparison.Ordinal).Replace("\"bjensen@fjordby.example.dk\"", "\"barbara.jensen.driftstekniker@fjordby.example.dk\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidValue"),
            ("an added address MUS would not keep", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "add", "path": "emails", "value": [ { "value": "ida.privat@example.com", "type": "home" } ] } ] }""")), HttpStatusCode.BadRequest, "invalidValue"),
            ("attributes and excludedAttributes", () => scim.GetAsync($"/scim/v2/Users/{ida}?attributes=userName&excludedAttributes=emails"), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("an attribute a User has not", () => scim.GetAsync("/scim/v2/Users?attributes=shoeSize"), HttpStatusCode.BadRequest, "invalidValue"),
            ("taken userName", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("bjensen@fjordby.example.dk", DemoPeople.OtherEmployee, StringComparison.Ordinal).Replace("babs.jensen@fjordby.example.dk", DemoPeople.OtherEmployee, StringComparison.Ordinal))), HttpStatusCode.Conflict, "uniqueness"),
            ("taken employee number", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("701984", "1012", StringComparison.Ordinal))), HttpStatusCode.Conflict, "uniqueness"),
            ("an attribute twice", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"title\"", "\"userName\": \"other@fjordby.example.dk\", \"title\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("an attribute twice, in two cases", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"title\"", "\"USERNAME\": \"other@fjordby.example.dk\", \"title\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("malformed JSON", () => scim.PostAsync("/scim/v2/Users", Json("{ \"schemas\": [")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("not an object", () => scim.PostAsync("/scim/v2/Users", Json("[1, 2]")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("wrong content type", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten), "text/plain")), HttpStatusCode.UnsupportedMediaType, null),
            ("too big", () => scim.PostAsync("/scim/v2/Users", Json(Barbara(karsten).Replace("\"Driftstekniker\"", "\"" + new string('x', 70_000) + "\"", StringComparison.Ordinal))), HttpStatusCode.RequestEntityTooLarge, null),
            ("manager cycle", () => scim.PatchAsync($"/scim/v2/Users/{karsten}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "path": "{{Enterprise}}:manager", "value": "{{ida}}" } ] }""")), HttpStatusCode.BadRequest, "invalidValue"),
            ("leading oneself", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "path": "{{Enterprise}}:manager", "value": "{{ida}}" } ] }""")), HttpStatusCode.BadRequest, "invalidValue"),
            ("unknown path", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "path": "shoeSize", "value": 42 } ] }""")), HttpStatusCode.BadRequest, "invalidPath"),
            ("unknown op", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "merge", "path": "title", "value": "x" } ] }""")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("a patch's second operation is bad", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "path": "title", "value": "Chef" }, { "op": "replace", "path": "active", "value": 3 } ] }""")), HttpStatusCode.BadRequest, "invalidValue"),
            ("an attribute twice in a patch, once with its schema", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "value": { "title": "A", "urn:ietf:params:scim:schemas:core:2.0:User:title": "B" } } ] }""")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("remove without path", () => scim.PatchAsync($"/scim/v2/Users/{ida}", Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "remove" } ] }""")), HttpStatusCode.BadRequest, "noTarget"),
            ("stale If-Match", () => scim.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/scim/v2/Users/{ida}") { Content = Json($$"""{ "schemas": ["{{patch}}"], "Operations": [ { "op": "replace", "path": "title", "value": "Chef" } ] }"""), Headers = { { "If-Match", "W/\"999\"" } } }), HttpStatusCode.PreconditionFailed, null),
            ("filter not supported", () => scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString("title co \"tekniker\"")), HttpStatusCode.BadRequest, "invalidFilter"),
            ("count not a number", () => scim.GetAsync("/scim/v2/Users?count=many"), HttpStatusCode.BadRequest, "invalidValue"),
            ("no such user", () => scim.GetAsync("/scim/v2/Users/999999"), HttpStatusCode.NotFound, null),
            ("not an id", () => scim.PutAsync("/scim/v2/Users/abc", Json(Barbara(karsten))), HttpStatusCode.NotFound, null),
        };

        var wrong = new List<string>();
        foreach (var (name, send, status, scimType) in cases)
        {
            var response = await send();
            if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/scim+json")
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                continue;
            }

            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if ((string?)error["schemas"]![0] != ApiErrors.ScimErrorSchema || (string?)error["status"] != ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)
                || (string?)error["scimType"] != scimType || string.IsNullOrEmpty((string?)error["detail"]))
            {
                wrong.Add($"{name}: {error.ToJsonString()}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryScimEndpoint_NeedsAValidTokenWithTheScimScope(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, services: ApiClientTokens.FrozenClock);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        var valid = await ApiClientTokens.CreateAsync(app, ApiScopes.Scim);
        var revoked = await ApiClientTokens.CreateAsync(app, ApiScopes.Scim);
        await app.WithDbAsync(db => db.ApiClients.Where(c => c.Name == "test scim").OrderByDescending(c => c.Id).Take(1).ExecuteUpdateAsync(set => set.SetProperty(c => c.RevokedAt, TestClock.UtcNow.UtcDateTime)));
        var otherScopes = await ApiClientTokens.CreateAsync(app, ApiScopes.OrgWrite, ApiScopes.RoundsRead, ApiScopes.PlansRead, ApiScopes.ForwardedRead);
        var wrongSecret = valid[..^4] + "AAAA";
        var endpoints = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Get, "/scim/v2/ServiceProviderConfig"), (HttpMethod.Get, "/scim/v2/ResourceTypes"), (HttpMethod.Get, "/scim/v2/ResourceTypes/User"),
            (HttpMethod.Get, "/scim/v2/Schemas"), (HttpMethod.Get, $"/scim/v2/Schemas/{ScimUserSchema}"), (HttpMethod.Get, "/scim/v2/Users"), (HttpMethod.Post, "/scim/v2/Users"),
            (HttpMethod.Get, $"/scim/v2/Users/{ida}"), (HttpMethod.Put, $"/scim/v2/Users/{ida}"), (HttpMethod.Patch, $"/scim/v2/Users/{ida}"), (HttpMethod.Delete, $"/scim/v2/Users/{ida}"),
        };
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        // A client that proves itself is marked used (once a minute), whatever it may do: done before the fingerprint.
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiClientTokens.Client(app, otherScopes).GetAsync("/scim/v2/Users")).StatusCode);
        var before = await DatabaseFingerprint.TakeAsync(app);

        var wrong = new List<string>();
        foreach (var (method, url) in endpoints)
        {
            foreach (var (who, client, expected) in new (string, HttpClient, HttpStatusCode)[]
            {
                ("no token", ApiClientTokens.Client(app, null), HttpStatusCode.Unauthorized),
                ("not a token", ApiClientTokens.Client(app, "hello"), HttpStatusCode.Unauthorized),
                ("wrong secret", ApiClientTokens.Client(app, wrongSecret), HttpStatusCode.Unauthorized),
                ("revoked", ApiClientTokens.Client(app, revoked), HttpStatusCode.Unauthorized),
                ("other scopes", ApiClientTokens.Client(app, otherScopes), HttpStatusCode.Forbidden),
                ("the administrator's cookie", administrator, HttpStatusCode.Unauthorized),
            })
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : Json("{}") });
                if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/scim+json")
                {
                    wrong.Add($"{who} {method} {url}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                }

                if (expected == HttpStatusCode.Unauthorized && !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
                {
                    wrong.Add($"{who} {method} {url}: no WWW-Authenticate: Bearer");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
        // The valid token passes: its answers are SCIM's own, not the refusals'.
        using var scim = ApiClientTokens.Client(app, valid);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/v2/Users/{ida}")).StatusCode);
    }

    [Fact]
    public async Task AMethodAnAddressDoesNotServe_Is405WithAllow_InSCIMsWords()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        foreach (var (method, url, allow) in new[]
        {
            (HttpMethod.Trace, "/scim/v2/Users", "GET, POST"), (HttpMethod.Delete, "/scim/v2/Users", "GET, POST"), (HttpMethod.Post, $"/scim/v2/Users/{ida}", "GET, PUT, PATCH, DELETE"),
            (HttpMethod.Put, "/scim/v2/ServiceProviderConfig", "GET"), (new HttpMethod("PROPFIND"), "/scim/v2/Users", "GET, POST"),
            (HttpMethod.Post, "/scim/v2/Schemas", "GET"), (HttpMethod.Delete, "/scim/v2/ResourceTypes/User", "GET"),
        })
        {
            var response = await scim.SendAsync(new HttpRequestMessage(method, url));
            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {url}: {(int)response.StatusCode}");
            Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
            Assert.Equal("405", (string?)(await ReadAsync(response))["status"]);
        }
    }

    [Fact]
    public async Task EachClient_HasItsOwnRate_AndIsToldWhenToComeBack()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        using var busy = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        using var other = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
        }

        var refused = await busy.GetAsync("/scim/v2/ServiceProviderConfig");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("429", (string?)(await ReadAsync(refused))["status"]);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
        // A token that proves nothing spends no client's budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClientTokens.Client(app, "mus_1_forged").GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
    }

    [Fact]
    public async Task TheAdministrator_MakesAClient_SeesItsTokenOnce_AndRevokesIt()
    {
        await using var app = await MusApp.StartAsync();
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);

        var created = await administrator.PostFormAsync("/accounts/api-clients", new Dictionary<string, string> { ["Input.Name"] = "Entra ID", ["Input.Scopes"] = ApiScopes.Scim }, "handler=Create");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = (await created.ParseAsync()).QuerySelector("#new-token code")!.TextContent.Trim();
        Assert.StartsWith("mus_", token, StringComparison.Ordinal);
        var page = await administrator.GetStringAsync("/accounts/api-clients");
        Assert.Contains("Entra ID", page, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.ApiClients.SingleAsync());
        Assert.Equal("scim", stored.Scopes);
        // The secret is everything after the id (it may itself hold an underscore).
        Assert.DoesNotContain(token.Split('_', 3)[2], stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(ApiTokens.Hash(token.Split('_', 3)[2]), stored.SecretHash);

        using var scim = ApiClientTokens.Client(app, token);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync("/accounts/api-clients", new Dictionary<string, string>(), $"id={stored.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scim.GetAsync("/scim/v2/ServiceProviderConfig")).StatusCode);
    }
}
