using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Tests.Pages.Conversations.Plans;
using Mus.Web.Api.Clients;
using Mus.Web.Domain.Conversations;
using Generated = Mus.Tests.Api.Generated;

namespace Mus.Tests.Api;

/// <summary>
/// API v1 through the client generated from its OpenAPI document (see Mus.Tests.csproj), on both
/// databases: every endpoint answers what the document promises; every endpoint × scope × no token;
/// bad bodies are problem details and change nothing; what it reads is on record.
/// </summary>
public sealed class ApiTests
{
    private const string GoesFurther = "Ansøgning: GIS-kursus hos leverandøren";

    private static readonly string[] AllScopes = [ApiScopes.OrgWrite, ApiScopes.RoundsRead, ApiScopes.PlansRead, ApiScopes.ForwardedRead];

    /// <summary>Ida's conversation this year, held, with a plan both approved (one action that goes further).</summary>
    private static async Task<int> ApprovedPlanAsync(MusApp app)
    {
        var id = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        var karsten = await app.SignedInAsync(DemoPeople.CurrentLeader);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{id}", new Dictionary<string, string>(), "handler=Held")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{id}/plan", PlanTests.OneGoal(what: "Kursus i GIS", goesFurther: GoesFurther), "handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{id}/plan", new Dictionary<string, string>(), "handler=Approve")).StatusCode);
        return id;
    }

    private static Generated.MusApiClient Client(MusApp app, string token) => new(ApiClientTokens.Client(app, token));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheGeneratedClient_CallsEveryEndpoint_AndGetsWhatTheDocumentPromises(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var conversation = await ApprovedPlanAsync(app);
        var api = Client(app, await ApiClientTokens.CreateAsync(app, AllScopes));

        var rounds = await api.ListRoundsAsync();
        var current = rounds.Single(r => r.Name == DemoPeople.CurrentRound);
        var counted = await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.Round!.Name == DemoPeople.CurrentRound));
        Assert.Equal(counted, current.Conversations);
        Assert.Equal(current.Conversations, current.Preparing + current.Held + current.Excused + current.Declined);
        Assert.True(current.Held >= 1 && current.PlansApproved >= 1);
        Assert.Equal(current.Held, (await api.GetRoundAsync(current.Id)).Held);

        var roundId = current.Id;
        var first = await api.ListRoundConversationsAsync(roundId, 1, 5);
        var second = await api.ListRoundConversationsAsync(roundId, 2, 5);
        Assert.Equal((counted, 5, 5), (first.Total, first.Items.Count, second.Items.Count));
        Assert.Empty(first.Items.Select(i => i.ConversationId).Intersect(second.Items.Select(i => i.ConversationId)));
        var all = await api.ListRoundConversationsAsync(roundId, null, 1000);
        var idas = all.Items.Single(i => i.ConversationId == conversation);
        Assert.Equal((DemoPeople.EmployeeNumber, "1010", Generated.ConversationStatus.Held), (idas.EmployeeNumber, idas.LeaderEmployeeNumber, idas.Status));

        var plans = await api.ListApprovedPlansAsync(roundId, null, null);
        Assert.Contains(plans.Items, p => p.ConversationId == conversation && p.EmployeeNumber == DemoPeople.EmployeeNumber);
        var plan = await api.GetApprovedPlanAsync(conversation);
        Assert.Equal(("Ida Brandt", "Karsten Lund", 1), (plan.Employee, plan.Leader, plan.Version));
        var action = plan.Goals.Single().Actions.Single();
        Assert.Equal(("Kursus i GIS", GoesFurther), (action.What, action.GoesFurther));
        Assert.Equal(64, plan.Fingerprint.Length);

        using (var pdf = await api.GetApprovedPlanPdfAsync(conversation))
        {
            Assert.Equal("application/pdf", pdf.Headers["Content-Type"].Single());
            using var bytes = new MemoryStream();
            await pdf.Stream.CopyToAsync(bytes);
            await ArchivalPdf.AssertArchivalAsync(bytes.ToArray(), "Udviklingsplan for Ida Brandt", "Fjordby Forsyning");
            Assert.Contains("Kursus i GIS", string.Join(' ', UglyToad.PdfPig.PdfDocument.Open(bytes.ToArray()).GetPages().Select(p => p.Text)));
        }

        var forwarded = await api.ListForwardedItemsAsync(null);
        var item = forwarded.Items.Single(f => f.ConversationId == conversation);
        Assert.Equal(await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => p.Kind == PartKind.Forwarded)), forwarded.Total);
        Assert.Equal((GoesFurther, Generated.ForwardedStatus.Received, DemoPeople.EmployeeNumber), (item.Text, item.Status, item.EmployeeNumber));
        Assert.DoesNotContain((await api.ListForwardedItemsAsync(Generated.Status.Granted)).Items, f => f.ConversationId == conversation);
        // A page of one conversation holds that conversation's items only.
        var onePage = await api.ListForwardedItemsAsync(null, 1, 1);
        Assert.Equal((1, forwarded.Total), (onePage.Items.Select(i => i.ConversationId).Distinct().Count(), onePage.Total));

        var imported = await api.ImportPeopleAsync(new Generated.PeopleImportRequest
        {
            People = [new Generated.PersonImport { EmployeeNumber = "9001", Name = "Nanna Nyholm", Email = "nanna.nyholm@fjordby.example.dk", Unit = "DRIFT", Leader = "1010", JobTitle = "Driftstekniker", EmploymentStart = TestClock.Today.AddDays(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }],
        });
        Assert.Equal((1, 0), (imported.Added, imported.Updated));
        Assert.Equal("Karsten Lund", await app.WithDbAsync(db => db.People.Where(p => p.EmployeeNumber == "9001").Select(p => p.Leader!.Name).SingleAsync()));

        var refused = await Assert.ThrowsAsync<Generated.ApiException<Generated.ProblemDetails>>(() => api.ImportPeopleAsync(new Generated.PeopleImportRequest
        {
            People = [new Generated.PersonImport { EmployeeNumber = "9002", Name = "Ny", Email = "ikke en adresse", Unit = "NOWHERE" }],
        }));
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("Nothing was imported", refused.Result.Detail, StringComparison.Ordinal);
        var problems = refused.Result.AdditionalProperties["problems"].ToString()!;
        Assert.Contains("\"position\":1", problems, StringComparison.Ordinal);
        Assert.Contains("NOWHERE", problems, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.People.AnyAsync(p => p.EmployeeNumber == "9002")));

        var missing = await Assert.ThrowsAsync<Generated.ApiException<Generated.ProblemDetails>>(() => api.GetApprovedPlanAsync(999999));
        Assert.Equal(404, missing.StatusCode);

        // Paging asked for nonsense is refused, never a fault (a page this far on overflowed the offset).
        foreach (var (page, size) in new[] { (2147483647, 1000), (0, 10), (1, 1001), (1, -5) })
        {
            var odd = await Assert.ThrowsAsync<Generated.ApiException<Generated.ProblemDetails>>(() => api.ListRoundConversationsAsync(roundId, page, size));
            Assert.Equal(400, odd.StatusCode);
            Assert.Equal(400, (await Assert.ThrowsAsync<Generated.ApiException<Generated.ProblemDetails>>(() => api.ListApprovedPlansAsync(null, page, size))).StatusCode);
            Assert.Equal(400, (await Assert.ThrowsAsync<Generated.ApiException<Generated.ProblemDetails>>(() => api.ListForwardedItemsAsync(null, page, size))).StatusCode);
        }

        // What a typed client cannot send, a hand-made request can: a page that is no number.
        using (var raw = ApiClientTokens.Client(app, await ApiClientTokens.CreateAsync(app, AllScopes)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await raw.GetAsync($"/api/v1/rounds/{roundId}/conversations?page=x")).StatusCode);
        }

        Assert.Empty((await api.ListRoundConversationsAsync(roundId, 2147483, 1000)).Items);
    }

    /// <summary>Every endpoint of the document × no token, a bad or revoked one, a browser's cookie, and each scope alone.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryEndpoint_AnswersOnlyTheScopeItNeeds(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, services: ApiClientTokens.FrozenClock);
        var conversation = await ApprovedPlanAsync(app);
        var round = await app.WithDbAsync(db => db.Rounds.Where(r => r.Name == DemoPeople.CurrentRound).Select(r => r.Id).SingleAsync());
        var endpoints = new (HttpMethod Method, string Url, string Scope)[]
        {
            (HttpMethod.Get, "/api/v1/rounds", ApiScopes.RoundsRead),
            (HttpMethod.Get, $"/api/v1/rounds/{round}", ApiScopes.RoundsRead),
            (HttpMethod.Get, $"/api/v1/rounds/{round}/conversations", ApiScopes.RoundsRead),
            (HttpMethod.Get, "/api/v1/plans", ApiScopes.PlansRead),
            (HttpMethod.Get, $"/api/v1/plans/{conversation}", ApiScopes.PlansRead),
            (HttpMethod.Get, $"/api/v1/plans/{conversation}/pdf", ApiScopes.PlansRead),
            (HttpMethod.Get, "/api/v1/forwarded", ApiScopes.ForwardedRead),
            (HttpMethod.Post, "/api/v1/organisation/people", ApiScopes.OrgWrite),
        };
        // The document lists exactly these.
        var document = JsonNode.Parse(await File.ReadAllTextAsync(OpenApiDocumentTests.CommittedPath))!["paths"]!.AsObject();
        Assert.Equal(document.Sum(p => p.Value!.AsObject().Count), endpoints.Length);

        var tokens = new Dictionary<string, string>();
        foreach (var scope in ApiScopes.All)
        {
            tokens[scope] = await ApiClientTokens.CreateAsync(app, scope);
        }

        var revoked = await ApiClientTokens.CreateAsync(app, AllScopes);
        await app.WithDbAsync(db => db.ApiClients.Where(c => c.Scopes.Contains(" ")).ExecuteUpdateAsync(set => set.SetProperty(c => c.RevokedAt, TestClock.UtcNow.UtcDateTime)));
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        // Each client proves itself once before the fingerprint (it is marked used, once a minute).
        foreach (var token in tokens.Values)
        {
            await ApiClientTokens.Client(app, token).GetAsync("/api/v1/rounds");
        }

        var before = await DatabaseFingerprint.TakeAsync(app);
        var wrong = new List<string>();
        foreach (var (method, url, scope) in endpoints)
        {
            var visitors = new List<(string Who, HttpClient Client, HttpStatusCode Expected)>
            {
                ("no token", ApiClientTokens.Client(app, null), HttpStatusCode.Unauthorized),
                ("not a token", ApiClientTokens.Client(app, "Bearer-me"), HttpStatusCode.Unauthorized),
                ("wrong secret", ApiClientTokens.Client(app, tokens[scope][..^3] + "xyz"), HttpStatusCode.Unauthorized),
                ("revoked", ApiClientTokens.Client(app, revoked), HttpStatusCode.Unauthorized),
                ("HR's cookie", hr, HttpStatusCode.Unauthorized),
            };
            visitors.AddRange(ApiScopes.All.Select(s => ($"scope {s}", ApiClientTokens.Client(app, tokens[s]), s == scope ? HttpStatusCode.OK : HttpStatusCode.Forbidden)));
            foreach (var (who, client, expected) in visitors)
            {
                // The import's body is an empty list: refused (400) by the right scope, after the scope check.
                var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? new StringContent("{\"people\": []}", Encoding.UTF8, "application/json") : null });
                var expectedNow = expected == HttpStatusCode.OK && method == HttpMethod.Post ? HttpStatusCode.BadRequest : expected;
                var type = response.Content.Headers.ContentType?.MediaType;
                var typeExpected = expectedNow == HttpStatusCode.OK ? (url.EndsWith("/pdf", StringComparison.Ordinal) ? "application/pdf" : "application/json") : "application/problem+json";
                if (response.StatusCode != expectedNow || type != typeExpected)
                {
                    wrong.Add($"{who} {method} {url}: {(int)response.StatusCode} {type}, not {(int)expectedNow} {typeExpected}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        // The reads of the allowed calls are on record; nothing else changed.
        var changed = DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app));
        Assert.Equal(["AuditEntries"], changed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BadBodies_AreProblemDetails_AndChangeNothing(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, services: ApiClientTokens.FrozenClock);
        using var client = await ApiClientTokens.ClientWithAsync(app, ApiScopes.OrgWrite);
        await client.GetAsync("/api/v1/rounds");
        var person = """{ "employeeNumber": "9001", "name": "Nanna Nyholm", "email": "nanna.nyholm@fjordby.example.dk", "unit": "DRIFT" }""";
        var before = await DatabaseFingerprint.TakeAsync(app);

        var cases = new (string Name, HttpContent Body, HttpStatusCode Expected, string Says)[]
        {
            ("malformed", new StringContent("{ \"people\": [ {", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "not what the API takes"),
            ("unknown field", new StringContent($$"""{ "people": [ {{person.Replace("\"unit\"", "\"shoeSize\": 42, \"unit\"", StringComparison.Ordinal)}} ] }""", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "shoeSize"),
            ("wrong type", new StringContent("""{ "people": "everyone" }""", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "not what the API takes"),
            ("no people", new StringContent("""{ }""", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "people"),
            ("wrong content type", new StringContent($$"""{ "people": [ {{person}} ] }""", Encoding.UTF8, "text/csv"), HttpStatusCode.UnsupportedMediaType, "application/json"),
            ("10 MB", new StringContent("{ \"people\": [" + string.Join(',', Enumerable.Repeat(person, 10 * 1024 * 1024 / person.Length)) + "] }", Encoding.UTF8, "application/json"), HttpStatusCode.RequestEntityTooLarge, "at most"),
            ("a bad person among good ones", new StringContent($$"""{ "people": [ {{person}}, {{person.Replace("9001", "9002", StringComparison.Ordinal).Replace("nanna.nyholm@", "ikke-en-adresse", StringComparison.Ordinal)}} ] }""", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "\"position\":2"),
        };

        var wrong = new List<string>();
        foreach (var (name, body, expected, says) in cases)
        {
            var response = await client.PostAsync("/api/v1/organisation/people", body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !text.Contains(says, StringComparison.Ordinal))
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {text[..Math.Min(300, text.Length)]}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task AMethodAnAddressDoesNotServe_Is405WithAllow_ForAClient()
    {
        await using var app = await MusApp.StartAsync();
        using var client = await ApiClientTokens.ClientWithAsync(app, ApiScopes.RoundsRead);
        foreach (var (method, url, allow) in new[] { (HttpMethod.Post, "/api/v1/rounds", "GET"), (HttpMethod.Trace, "/api/v1/plans", "GET"), (HttpMethod.Get, "/api/v1/organisation/people", "POST"), (new HttpMethod("PROPFIND"), "/api/v1/forwarded", "GET") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url));
            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {url}: {(int)response.StatusCode}");
            Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AClientOverItsRate_Gets429WithRetryAfter_AsProblemDetails()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "2" });
        using var client = await ApiClientTokens.ClientWithAsync(app, ApiScopes.RoundsRead);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds")).StatusCode);

        var refused = await client.GetAsync("/api/v1/rounds");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 } || int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
    }

    [Fact]
    public async Task ReadingAPlan_IsOnRecord_WithTheClientAndTheAddress()
    {
        await using var app = await MusApp.StartAsync();
        var conversation = await ApprovedPlanAsync(app);
        var token = await ApiClientTokens.CreateAsync(app, ApiScopes.PlansRead);
        var clientId = token.Split('_')[1];
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.UserId == "api-client:" + clientId)));

        await Client(app, token).GetApprovedPlanAsync(conversation);

        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.UserId == "api-client:" + clientId));
        Assert.Equal((conversation, PartKind.Plan, $"/api/v1/plans/{conversation}"), (entry.ConversationId, entry.Compartment, entry.Purpose));
    }
}
