using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Api;
using Mus.Web.Api.Clients;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Api.Scim;

/// <summary>
/// SCIM as the two directories most Danish organisations use drive it: the request sequence Microsoft
/// documents for Entra ID's SCIM validator and the steps of Okta's published SCIM 2.0 spec test, replayed
/// with their bodies and checks; then what those sequences lean on: versions, attribute selection, name
/// parts and addresses, and the documents that describe what MUS keeps.
/// </summary>
public sealed class ScimDirectoryClientTests
{
    private const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static StringContent Json(string json, string type = "application/scim+json") => new(json, Encoding.UTF8, type);

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Filter(string filter) => "/scim/v2/Users?filter=" + Uri.EscapeDataString(filter);

    private static string Patch(string operations) => $$"""{ "schemas": ["{{PatchOp}}"], "Operations": [ {{operations}} ] }""";

    private static Task<int> PersonIdAsync(MusApp app, string number) =>
        app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == number).Select(p => p.Id).SingleAsync());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MicrosoftsValidatorSequence_IsAnsweredAsEntraExpects(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);

        // Create User: no department, no manager, no employee number (the externalId is Entra's object id).
        var created = await ReadAsync(await scim.PostAsync("/scim/v2/Users", Json("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1","active":true,
             "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2b@testuser.com"}],
             "meta":{"resourceType":"User"},"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[]}
            """)), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Contains(UserSchema, created["schemas"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1", (string)created["userName"]!);
        Assert.Equal(("givenName", "familyName"), ((string)created["name"]!["givenName"]!, (string)created["name"]!["familyName"]!));
        Assert.Equal("test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2b@testuser.com", (string)created["emails"]![0]!["value"]!);
        Assert.True((bool)created["active"]!);
        Assert.Equal(("User", $"{MusApp.PublicUrl}/scim/v2/Users/{id}"), ((string)created["meta"]!["resourceType"]!, (string)created["meta"]!["location"]!));
        var person = await app.WithDbAsync(db => db.People.Include(p => p.OrgUnit).SingleAsync(p => p.Id == int.Parse(id)));
        Assert.Equal(("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "givenName familyName"), (person.EmployeeNumber, person.Name));
        Assert.Null(person.OrgUnit!.ParentId);

        // Get User; Get User by query; Get User by query, zero results.
        Assert.Equal(id, (string)(await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{id}")))["id"]!);
        var byQuery = await ReadAsync(await scim.GetAsync(Filter("userName eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\"")));
        Assert.Equal((1, id), ((int)byQuery["totalResults"]!, (string)byQuery["Resources"]![0]!["id"]!));
        var none = await ReadAsync(await scim.GetAsync(Filter("userName eq \"non-existent user\"")));
        Assert.Equal((0, 0), ((int)none["totalResults"]!, none["Resources"]!.AsArray().Count));

        // Update User [multi-valued properties]: both applied; the family name alone changes the name shown.
        var multi = await ReadAsync(await scim.PatchAsync($"/scim/v2/Users/{id}", Json(Patch("""
            {"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},
            {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}
            """))));
        Assert.Equal(("updatedemail@microsoft.com", "updatedFamilyName"), ((string)multi["emails"]![0]!["value"]!, (string)multi["name"]!["familyName"]!));
        var updated = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == person.Id));
        Assert.Equal(("givenName updatedFamilyName", "updatedemail@microsoft.com"), (updated.Name, updated.Email));

        // Update User [single-valued properties].
        var single = await ReadAsync(await scim.PatchAsync($"/scim/v2/Users/{id}", Json(Patch("""{"op":"Replace","path":"userName","value":"5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}"""))));
        Assert.Equal("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com", (string)single["userName"]!);
        Assert.Equal(1, (int)(await ReadAsync(await scim.GetAsync(Filter("userName eq \"5B50642D-79fc-4410-9e90-4c077cdd1a59@testuser.com\""))))["totalResults"]!);

        // Disable User; Delete User; then the User is gone for SCIM.
        Assert.False((bool)(await ReadAsync(await scim.PatchAsync($"/scim/v2/Users/{id}", Json(Patch("""{"op":"Replace","path":"active","value":false}""")))))["active"]!);
        Assert.True(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == person.Id))));
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/Users/{id}")).StatusCode);
        Assert.Equal("404", (string?)(await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{id}"), HttpStatusCode.NotFound))["status"]);

        // Groups are not provisioned to MUS: SCIM's own answer, so Entra's log says why (the guide says how to turn it off).
        var group = await ReadAsync(await scim.PostAsync("/scim/v2/Groups", Json("""{"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","id":"c4a6f4a9-31a2-4a7a-8c7d-9d8b3e6b2d1a","displayName":"displayName","meta":{"resourceType":"Group"}}""")), HttpStatusCode.NotImplemented);
        Assert.Equal(ApiErrors.ScimErrorSchema, (string?)group["schemas"]![0]);
    }

    [Fact]
    public async Task OktasSpecTest_PassesStepByStep()
    {
        await using var app = await MusApp.StartAsync();
        var token = await ApiClientTokens.CreateAsync(app, ApiScopes.Scim);
        using var scim = ApiClientTokens.Client(app, token);
        const string userName = "Runscope417Anneli@atko.com";

        // Test Users endpoint: the first User has every attribute Okta reads, whoever made it (here the demo).
        var first = await ReadAsync(await scim.GetAsync("/scim/v2/Users?count=1&startIndex=1"));
        Assert.Contains("urn:ietf:params:scim:api:messages:2.0:ListResponse", first["schemas"]!.AsArray().Select(s => (string)s!));
        Assert.Equal((1, 1), ((int)first["itemsPerPage"]!, (int)first["startIndex"]!));
        Assert.True((int)first["totalResults"]! > 1);
        var listed = first["Resources"]![0]!;
        foreach (var value in new[] { listed["id"], listed["name"]!["familyName"], listed["name"]!["givenName"], listed["userName"], listed["emails"]![0]!["value"] })
        {
            Assert.False(string.IsNullOrEmpty((string?)value), listed.ToJsonString());
        }

        Assert.NotNull(listed["active"]);

        // Get Users/{id}.
        var one = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{listed["id"]}"));
        Assert.Equal(((string)listed["id"]!, (string)listed["name"]!["familyName"]!), ((string)one["id"]!, (string)one["name"]!["familyName"]!));

        // Invalid User by userName, invalid User by id, a random user that does not exist.
        Assert.Equal(0, (int)(await ReadAsync(await scim.GetAsync(Filter("userName eq \"invalidUser@atko.com\""))))["totalResults"]!);
        foreach (var missing in new[] { "/scim/v2/Users/010101001010101", "/scim/v2/Users/00919288221112222" })
        {
            var error = await ReadAsync(await scim.GetAsync(missing), HttpStatusCode.NotFound);
            Assert.Equal(("404", ApiErrors.ScimErrorSchema), ((string?)error["status"], (string?)error["schemas"]![0]));
            Assert.False(string.IsNullOrEmpty((string?)error["detail"]));
        }

        Assert.Equal(0, (int)(await ReadAsync(await scim.GetAsync(Filter($"userName eq \"{userName}\""))))["totalResults"]!);

        // Create Okta user with realistic values: plain JSON, no externalId, employee number, department or manager.
        var body = $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","name":{"givenName":"Anneli","familyName":"Kragh"},"emails":[{"primary":true,"value":"anneli.kragh@atko.com","type":"work"}],"displayName":"Anneli Kragh","active":true}""";
        var created = await ReadAsync(await scim.PostAsync("/scim/v2/Users", Json(body, "application/json")), HttpStatusCode.Created);
        Assert.True((bool)created["active"]!);
        Assert.Equal((userName, "Anneli", "Kragh"), ((string)created["userName"]!, (string)created["name"]!["givenName"]!, (string)created["name"]!["familyName"]!));
        var id = (string)created["id"]!;

        // Verify that user was created; expect failure when recreating; userName matched without regard to case.
        var verified = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{id}"));
        Assert.Equal((userName, "Anneli", "Kragh"), ((string)verified["userName"]!, (string)verified["name"]!["givenName"]!, (string)verified["name"]!["familyName"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await scim.PostAsync("/scim/v2/Users", Json(body, "application/json"))).StatusCode);
        var caps = await ReadAsync(await scim.GetAsync(Filter($"userName eq \"{userName.ToUpperInvariant()}\"")));
        Assert.Equal((1, id), ((int)caps["totalResults"]!, (string)caps["Resources"]![0]!["id"]!));

        // Check status 401: a header that is no token.
        var stranger = ApiClientTokens.Client(app, null);
        stranger.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "non-token");
        var refused = await ReadAsync(await stranger.GetAsync(Filter($"userName eq \"{userName.ToUpperInvariant()}\"")), HttpStatusCode.Unauthorized);
        Assert.Equal(("401", ApiErrors.ScimErrorSchema), ((string?)refused["status"], (string?)refused["schemas"]![0]));
        Assert.False(string.IsNullOrEmpty((string?)refused["detail"]));

        // Okta's CRUD test: the first name changed by a PUT of the whole User, then deactivated by a patch without path.
        var renamed = await ReadAsync(await scim.PutAsync($"/scim/v2/Users/{id}", Json(body.Replace("\"Anneli\"", "\"Annelise\"", StringComparison.Ordinal).Replace("Anneli Kragh", "Annelise Kragh", StringComparison.Ordinal), "application/json")));
        Assert.Equal(("Annelise", "Annelise Kragh"), ((string)renamed["name"]!["givenName"]!, (string)renamed["displayName"]!));
        var deactivated = await ReadAsync(await scim.PatchAsync($"/scim/v2/Users/{id}", Json(Patch("""{"op":"replace","value":{"active":false}}"""))));
        Assert.False((bool)deactivated["active"]!);
        var stored = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == int.Parse(id)));
        Assert.Equal(("Annelise Kragh", "anneli.kragh@atko.com"), (stored.Name, stored.Email));
    }

    [Fact]
    public async Task TheVersion_ChangesWithEverythingShown_ActiveIncluded_AndAStaleOneIsRefused()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        var url = $"/scim/v2/Users/{ida}";

        var read = await scim.GetAsync(url);
        var title = (string?)(await ReadAsync(read))["title"];
        var first = read.Headers.ETag!.ToString();
        foreach (var holding in new[] { first, $"W/\"other\", {first}", "*" })
        {
            var unchanged = await scim.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "If-None-Match", holding } } });
            Assert.True(unchanged.StatusCode == HttpStatusCode.NotModified, holding);
        }

        // A patch that changes nothing MUS keeps leaves the version as it is; one of several tags may name it.
        var same = await scim.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(Patch($$"""{"op":"replace","path":"title","value":"{{title}}"}""")), Headers = { { "If-Match", $"W/\"other\", {first}" } } });
        Assert.Equal(first, (string)(await ReadAsync(same))["meta"]!["version"]!);

        // Closed, opened, closed: the last two change only the account; the version follows each.
        var closed = await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"active","value":false}"""))));
        var second = (string)closed["meta"]!["version"]!;
        var opened = (string)(await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"active","value":true}""")))))["meta"]!["version"]!;
        closed = await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"active","value":false}"""))));
        Assert.Equal(4, new[] { first, second, opened, (string)closed["meta"]!["version"]! }.Distinct().Count());
        Assert.Equal(HttpStatusCode.OK, (await scim.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "If-None-Match", opened } } })).StatusCode);

        // A PUT or a DELETE naming the version read while the account was open is refused, and changes nothing.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await scim.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Headers = { { "If-Match", opened } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync(url)).StatusCode);
        var stale = await scim.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(closed.ToJsonString().Replace("\"active\":false", "\"active\":true", StringComparison.Ordinal)), Headers = { { "If-Match", opened } } });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.True(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == ida))));

        // The leader's name is shown (manager.displayName): renamed, the version moves too.
        var leader = await app.WithDbAsync(db => db.People.Where(p => p.Id == ida).Select(p => p.LeaderId!.Value).SingleAsync());
        await app.WithDbAsync(db => db.People.Where(p => p.Id == leader).ExecuteUpdateAsync(set => set.SetProperty(p => p.Name, "Karsten Lund-Nielsen")));
        var third = (string)(await ReadAsync(await scim.GetAsync(url)))["meta"]!["version"]!;
        Assert.NotEqual(second, third);

        // The current version, strong or weak, is accepted.
        var fresh = await scim.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(closed.ToJsonString().Replace("\"active\":false", "\"active\":true", StringComparison.Ordinal)), Headers = { { "If-Match", third.Replace("W/", "", StringComparison.Ordinal) } } });
        Assert.True((bool)(await ReadAsync(fresh))["active"]!);
        Assert.False(AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == ida))));
    }

    [Fact]
    public async Task AfterTheirLeaderIsDeleted_TheReports_CanStillBeChangedAndClosed()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        var karsten = await PersonIdAsync(app, "1010");
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/Users/{karsten}")).StatusCode);

        var closed = await ReadAsync(await scim.PatchAsync($"/scim/v2/Users/{ida}", Json(Patch("""{"op":"replace","path":"active","value":false}"""))));
        Assert.False((bool)closed["active"]!);
        Assert.Equal(karsten.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)closed[Enterprise]!["manager"]!["value"]!);
        // Named anew as someone's manager, a deleted User is refused.
        var julie = await app.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.OtherEmployee).Select(p => p.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/v2/Users/{julie}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await scim.PatchAsync($"/scim/v2/Users/{ida}", Json(Patch($$"""{"op":"replace","path":"{{Enterprise}}:manager","value":"{{julie}}"}""")))).StatusCode);
    }

    [Fact]
    public async Task AttributesAndExcludedAttributes_ChooseWhatIsReturned_IdAndSchemasAlways()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);
        var full = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{ida}"));
        Assert.NotNull(full["emails"]);
        Assert.NotNull(full[Enterprise]!["manager"]);

        var only = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{ida}?attributes=" + Uri.EscapeDataString($"userName,name.givenName,{Enterprise}:employeeNumber,emails.value")));
        Assert.Equal(["schemas", "id", "userName", "name", Enterprise, "emails"], only.Select(p => p.Key).OrderBy(k => k == "schemas" ? 0 : k == "id" ? 1 : 2).ToArray());
        Assert.Equal(["givenName"], only["name"]!.AsObject().Select(p => p.Key));
        Assert.Equal(DemoPeople.EmployeeNumber, (string)only[Enterprise]!["employeeNumber"]!);
        Assert.Single(only[Enterprise]!.AsObject());
        Assert.Equal(["value"], only["emails"]![0]!.AsObject().Select(p => p.Key));

        var without = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{ida}?excludedAttributes=" + Uri.EscapeDataString($"emails,meta,id,{Enterprise}:manager")));
        Assert.Null(without["emails"]);
        Assert.Null(without["meta"]);
        Assert.Null(without[Enterprise]!["manager"]);
        Assert.Equal(((string)full["id"]!, (string)full["userName"]!), ((string)without["id"]!, (string)without["userName"]!));

        var list = await ReadAsync(await scim.GetAsync(Filter($"userName eq \"{DemoPeople.Employee}\"") + "&attributes=userName"));
        Assert.Equal(["id", "schemas", "userName"], list["Resources"]![0]!.AsObject().Select(p => p.Key).Order().ToArray());
    }

    [Fact]
    public async Task NamePartsAndAddresses_AreAppliedOrRefused_NeverAcceptedAndDropped()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var created = await ReadAsync(await scim.PostAsync("/scim/v2/Users", Json($$"""
            {"schemas":["{{UserSchema}}","{{Enterprise}}"],"userName":"anne.berg@fjordby.example.dk","displayName":"Anne Berg",
             "name":{"givenName":"Anne","familyName":"Berg"},"emails":[{"value":"anne.berg@fjordby.example.dk","type":"work","primary":true}],
             "{{Enterprise}}":{"employeeNumber":"7701","department":"DRIFT"} }
            """)), HttpStatusCode.Created);
        var url = $"/scim/v2/Users/{created["id"]}";
        var id = int.Parse((string)created["id"]!);
        async Task<(string Name, string? Given, string? Family, string Email)> StoredAsync()
        {
            var person = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == id));
            return (person.Name, person.GivenName, person.FamilyName, person.Email);
        }

        // The family name alone: the name shown follows.
        await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"name.familyName","value":"Holm"}"""))));
        Assert.Equal(("Anne Holm", "Anne", "Holm", "anne.berg@fjordby.example.dk"), await StoredAsync());

        // A display name sent with it wins over the parts.
        await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"displayName","value":"Anne B. Holm"},{"op":"replace","path":"name.givenName","value":"Anne Birgitte"}"""))));
        Assert.Equal(("Anne B. Holm", "Anne Birgitte", "Holm", "anne.berg@fjordby.example.dk"), await StoredAsync());


        // The name replaced whole, with its parts only: the name shown follows them.
        await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"replace","path":"name","value":{"givenName":"Anne","familyName":"Holm"}}"""))));
        Assert.Equal(("Anne Holm", "Anne", "Holm"), ((await StoredAsync()).Name, (await StoredAsync()).Given, (await StoredAsync()).Family));

        // A second address beside the kept one is refused (nothing changes); added as the primary one, it is the address.
        var refused = await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"add","value":{"emails":[{"value":"anne@privat.example","type":"home"}]}}"""))), HttpStatusCode.BadRequest);
        Assert.Equal("invalidValue", (string?)refused["scimType"]);
        Assert.Equal("anne.berg@fjordby.example.dk", (await StoredAsync()).Email);
        // ("True" as a string, as Entra ID sends booleans.)
        var moved = await ReadAsync(await scim.PatchAsync(url, Json(Patch("""{"op":"add","path":"emails","value":[{"value":"anne.holm@fjordby.example.dk","type":"work","primary":"True"}]}"""))));
        Assert.Equal(["anne.holm@fjordby.example.dk"], moved["emails"]!.AsArray().Select(e => (string)e!["value"]!));
        Assert.Equal("anne.holm@fjordby.example.dk", (await StoredAsync()).Email);
        Assert.Equal("anne.holm@fjordby.example.dk", await app.WithDbAsync(db => db.Users.Where(u => u.PersonId == id).Select(u => u.Email).SingleAsync()));

        // HR renames her in MUS: the directory's parts no longer add up, so they are not kept.
        await app.WithDbAsync(async db =>
        {
            var person = await db.People.SingleAsync(p => p.Id == id);
            person.Rename("Anne Holm Sørensen");
            return await db.SaveChangesAsync();
        });
        var renamed = await ReadAsync(await scim.GetAsync(url));
        Assert.Equal(("Anne Holm Sørensen", "Anne Holm", "Sørensen"), ((string)renamed["displayName"]!, (string)renamed["name"]!["givenName"]!, (string)renamed["name"]!["familyName"]!));
        Assert.Equal((null, null), ((await StoredAsync()).Given, (await StoredAsync()).Family));
    }

    [Fact]
    public async Task TheDescribingDocuments_DescribeEveryAttributeAUserIsAnsweredWith()
    {
        await using var app = await MusApp.StartAsync();
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var ida = await PersonIdAsync(app, DemoPeople.EmployeeNumber);

        var types = await ReadAsync(await scim.GetAsync("/scim/v2/ResourceTypes"));
        Assert.Equal(1, (int)types["totalResults"]!);
        var user = await ReadAsync(await scim.GetAsync("/scim/v2/ResourceTypes/User"));
        Assert.Equal(types["Resources"]![0]!.ToJsonString(), user.ToJsonString());
        Assert.Equal(("/Users", UserSchema, Enterprise), ((string)user["endpoint"]!, (string)user["schema"]!, (string)user["schemaExtensions"]![0]!["schema"]!));

        var schemas = await ReadAsync(await scim.GetAsync("/scim/v2/Schemas"));
        Assert.Equal([UserSchema, Enterprise], schemas["Resources"]!.AsArray().Select(s => (string)s!["id"]!));
        var described = new Dictionary<string, HashSet<string>>();
        foreach (var schema in schemas["Resources"]!.AsArray())
        {
            var id = (string)schema!["id"]!;
            Assert.Equal(schema.ToJsonString(), (await ReadAsync(await scim.GetAsync("/scim/v2/Schemas/" + id))).ToJsonString());
            described[id] = schema["attributes"]!.AsArray()
                .SelectMany(a => new[] { (string)a!["name"]! }.Concat((a["subAttributes"]?.AsArray() ?? []).Select(s => (string)a["name"]! + "." + (string)s!["name"]!)))
                .ToHashSet();
        }

        // Every attribute a User is answered with (beyond id, externalId, schemas and meta) is in its schema.
        var answered = await ReadAsync(await scim.GetAsync($"/scim/v2/Users/{ida}"));
        static IEnumerable<string> Names(JsonObject json) => json.SelectMany(p => p.Value switch
        {
            JsonObject complex => complex.Select(s => p.Key + "." + s.Key),
            JsonArray many => many.OfType<JsonObject>().SelectMany(item => item.Select(s => p.Key + "." + s.Key)),
            _ => [p.Key],
        }).Distinct();
        var core = new JsonObject(answered.Where(p => p.Key is not ("schemas" or "id" or "externalId" or "meta" or Enterprise)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        Assert.Contains("name.givenName", Names(core));
        Assert.DoesNotContain(Names(core), n => !described[UserSchema].Contains(n));
        Assert.DoesNotContain(Names(answered[Enterprise]!.AsObject()), n => !described[Enterprise].Contains(n));

        var config = await ReadAsync(await scim.GetAsync("/scim/v2/ServiceProviderConfig"));
        Assert.Equal($"{MusApp.PublicUrl}/scim/v2/ServiceProviderConfig", (string)config["meta"]!["location"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ADeleteAndAnOpening_AtOnce_NeverLeaveADeletedUserWithAnOpenAccount(string provider)
    {
        // Both read the User (closed) and check its roles, then wait for each other there before writing.
        var barrier = new QueryBarrier("AspNetUserRoles", parties: 2);
        await using var app = await MusApp.StartAsync(provider, services: barrier.AddTo);
        using var scim = await ApiClientTokens.ClientWithAsync(app, ApiScopes.Scim);
        var created = await ReadAsync(await scim.PostAsync("/scim/v2/Users", Json($$"""
            {"schemas":["{{UserSchema}}","{{Enterprise}}"],"userName":"rolf.dam@fjordby.example.dk","displayName":"Rolf Dam","active":false,
             "{{Enterprise}}":{"employeeNumber":"7702","department":"DRIFT"} }
            """)), HttpStatusCode.Created);
        var id = int.Parse((string)created["id"]!);

        barrier.Arm();
        var opening = scim.PatchAsync($"/scim/v2/Users/{id}", Json(Patch("""{"op":"replace","path":"active","value":true}""")));
        var deleting = scim.DeleteAsync($"/scim/v2/Users/{id}");
        var answers = await Task.WhenAll(opening, deleting);

        Assert.True(barrier.Met, "both decided on the same view");
        var (deleted, open) = (await app.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.DirectoryDeletedAt).SingleAsync()) is not null,
            !AccountStatus.IsDisabled(await app.WithDbAsync(db => db.Users.SingleAsync(u => u.PersonId == id))));
        Assert.False(deleted && open, $"deleted with an open account: PATCH {(int)answers[0].StatusCode}, DELETE {(int)answers[1].StatusCode}");
        Assert.Contains(HttpStatusCode.Conflict, answers.Select(a => a.StatusCode));
        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.InternalServerError);
    }
}
