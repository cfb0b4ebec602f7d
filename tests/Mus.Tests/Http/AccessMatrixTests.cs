using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain;
using Mus.Web.Infrastructure.Auth;

namespace Mus.Tests.Http;

/// <summary>
/// <see cref="AccessMatrix"/> proven: every endpoint × every kind of visitor gets what the matrix
/// says, and every refused form post leaves every row of every table as it was. On SQLite and on
/// PostgreSQL.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.Apps apps) : IClassFixture<AccessMatrixTests.Apps>
{
    /// <summary>
    /// One demo application per provider, prepared once: Ida Brandt was moved to Thomas Engberg and
    /// back to Karsten Lund (so Thomas is a former leader), and Rasmus Thorsen's account is the one
    /// that gets disabled.
    /// </summary>
    public sealed class Apps() : PerProvider<(MusApp App, AccessMatrix.Ids Ids)>(PrepareAsync, prepared => prepared.App)
    {
        private static async Task<(MusApp App, AccessMatrix.Ids Ids)> PrepareAsync(string provider)
        {
            var app = await MusApp.StartAsync(provider, settings: AccessMatrix.Settings);
            var ids = await AccessMatrix.Ids.LoadAsync(app);
            var hr = await app.SignedInAsync(DemoPeople.Hr);
            Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/conversations/{ids.Conversation}/move", new Dictionary<string, string> { ["NewLeader"] = "1050" })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/conversations/{ids.Conversation}/move", new Dictionary<string, string> { ["NewLeader"] = "1010" })).StatusCode);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var newcomer = System.Text.Encoding.UTF8.GetBytes($"medarbejdernummer;navn;email;enhed;leder\n{AccessMatrix.AddablePerson};Nanna Nyholm;nanna.nyholm@fjordby.example.dk;PROJ;1005\n");
                Assert.True((await scope.ServiceProvider.GetRequiredService<Mus.Web.Pages.Organisation.Import.PeopleImport>().ImportAsync(newcomer)).Succeeded);
            }

            return (app, ids);
        }
    }

    public static TheoryData<string, string> ProvidersAndVisitors()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var visitor in AccessMatrix.Visitors)
            {
                data.Add(provider, visitor);
            }
        }

        return data;
    }

    [Fact]
    public async Task TheMatrix_HasARowForEveryEndpoint_AndEveryFormHandler()
    {
        var (app, _) = await apps.ForAsync(TestDatabase.Sqlite);
        var endpoints = AppEndpoints.Routed(app.Services);
        var routes = endpoints.Select(AccessMatrix.RouteOf).Distinct().Order().ToList();
        Assert.Equal(routes, AccessMatrix.Endpoints.Select(e => e.Route).Order());

        // The handlers each page really has, as Razor Pages compiles them.
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null))
        {
            var page = await loader.LoadAsync(endpoint.Metadata.GetMetadata<PageActionDescriptor>()!, EndpointMetadataCollection.Empty);
            var posts = page.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name ?? "").Order();
            var row = AccessMatrix.Endpoints.Single(e => e.Route == AccessMatrix.RouteOf(endpoint));
            Assert.True(posts.SequenceEqual(row.Handlers.Select(h => h.Handler).Order()), $"{row.Route}: the page posts to [{string.Join(", ", posts)}]");
            var namedGets = page.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) && h.Name is not null).Select(h => h.Name!).Order();
            Assert.True(namedGets.SequenceEqual(row.NamedGets.Select(h => h.Handler).Order()), $"{row.Route}: the page has named GET handlers [{string.Join(", ", namedGets)}]");
            // Every handler is a GET or a POST, the two methods the matrix sends: an OnPut, OnDelete or
            // OnPatch (or any other) would answer requests no row here tries.
            var others = page.HandlerMethods.Where(h => !string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) && !string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => $"On{h.HttpMethod}{h.Name}").ToList();
            Assert.True(others.Count == 0, $"{row.Route}: the page has handlers the matrix does not send [{string.Join(", ", others)}]: give the matrix that method before adding them");
        }
    }

    /// <summary>
    /// The endpoints that are not pages (SCIM, the API, the feeds) answer more than GET: each method they
    /// register, sent by each visitor with a browser's cookie and a body, gets what the row's GET gets for
    /// that visitor, and none changes a row.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryMethodOfEveryOtherEndpoint_AnswersEachVisitor_AsItsGetDoes(string provider)
    {
        var (app, ids) = await apps.ForAsync(provider);
        var methods = AppEndpoints.Routed(app.Services)
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"]).Select(method => (Route: AccessMatrix.RouteOf(e), Method: method)))
            .Where(m => m.Method is not ("GET" or "HEAD" or "OPTIONS"))
            .Distinct()
            .ToList();
        Assert.Contains(methods, m => m.Method == "PATCH");
        Assert.Contains(methods, m => m.Method == "DELETE");
        var wrong = new List<string>();
        var before = await DatabaseFingerprint.TakeAsync(app);
        foreach (var visitor in new[] { AccessMatrix.Anonymous, DemoPeople.Administrator, DemoPeople.Hr, DemoPeople.Employee })
        {
            var client = await ClientAsync(app, visitor);
            foreach (var (route, method) in methods)
            {
                var row = AccessMatrix.Endpoints.Single(e => e.Route == route);
                var expected = row.Get.For(visitor);
                using var request = new HttpRequestMessage(new HttpMethod(method), ids.Fill(row.Url))
                {
                    Content = new StringContent("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""", System.Text.Encoding.UTF8, "application/json"),
                };
                var response = await client.SendAsync(request);
                // An endpoint that maps every method to say which it serves (the calendar feed) answers 405 with Allow.
                var refusedMethod = response.StatusCode == HttpStatusCode.MethodNotAllowed && response.Content.Headers.Allow.Count > 0 && !response.Content.Headers.Allow.Contains(method);
                if (OutcomeOf(response) != expected && !refusedMethod)
                {
                    wrong.Add($"{visitor} {method} {row.Url}: expected {expected}, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Theory]
    [MemberData(nameof(ProvidersAndVisitors))]
    public async Task EachEndpoint_AnswersEachVisitor_AsTheMatrixSays(string provider, string visitor)
    {
        var (app, ids) = await apps.ForAsync(provider);
        var client = await ClientAsync(app, visitor);
        var wrong = new List<string>();

        foreach (var endpoint in AccessMatrix.Endpoints)
        {
            var response = await client.GetAsync(ids.Fill(endpoint.Url));
            var expected = endpoint.Get.For(visitor);
            if (OutcomeOf(response) != expected)
            {
                wrong.Add($"GET {endpoint.Url}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
            }

            foreach (var (handler, rule) in endpoint.NamedGets)
            {
                var named = await client.GetAsync(endpoint.PostUrl(handler, ids));
                if (OutcomeOf(named) != rule.For(visitor))
                {
                    wrong.Add($"GET {endpoint.PostUrl(handler, ids)}: expected {rule.For(visitor)}, got {(int)named.StatusCode} {named.Headers.Location}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{provider} {visitor}:\n" + string.Join('\n', wrong));
    }

    [Theory]
    [MemberData(nameof(ProvidersAndVisitors))]
    public async Task EachRefusedPost_ChangesNothingInTheDatabase(string provider, string visitor)
    {
        var (app, ids) = await apps.ForAsync(provider);
        var client = app.CreateBrowserlikeClient();
        var token = (await client.GetPageAsync("/sign-in")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        if (visitor != AccessMatrix.Anonymous)
        {
            // The token is taken while signed in; the disabled account is disabled only after.
            await SetDisabledAsync(app, visitor, false);
            await client.SignInAsync(visitor, DemoOrganisation.Password);
            token = (await client.GetPageAsync("/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            await SetDisabledAsync(app, visitor, true);
        }

        var wrong = new List<string>();
        var before = await DatabaseFingerprint.TakeAsync(app);
        var tried = 0;
        foreach (var endpoint in AccessMatrix.Endpoints)
        {
            foreach (var (handler, rule) in endpoint.Handlers.Where(h => h.Rule.For(visitor) != Outcome.Ok))
            {
                tried++;
                var url = endpoint.PostUrl(handler, ids);
                var response = await client.PostAsync(url, new FormUrlEncodedContent(Fields(visitor, token, ids)));
                var expected = rule.For(visitor);
                if (OutcomeOf(response) != expected)
                {
                    wrong.Add($"POST {url}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
                }
                else if (expected == Outcome.Refused && !(await response.Content.ReadAsStringAsync()).Contains(AccessMatrix.RefusalMessages[(endpoint.Route, handler)], StringComparison.Ordinal))
                {
                    wrong.Add($"POST {url}: refused, but not with the page's own message");
                }

                var after = await DatabaseFingerprint.TakeAsync(app);
                if (DatabaseFingerprint.Changed(before, after) is { Count: > 0 } changed)
                {
                    wrong.Add($"POST {url} changed {string.Join(", ", changed)}");
                    before = after;
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{provider} {visitor}:\n" + string.Join('\n', wrong));
        Assert.True(tried > 0 || visitor == DemoPeople.Hr, $"{visitor} was refused nothing");
    }

    /// <summary>
    /// Bad input never faults: every form handler gets, from someone allowed to use it, every field
    /// filled with nonsense — letters where numbers go, nothing at all, a number too big for any
    /// column, markup — and answers with a page, a message or a redirect, never a 5xx. On a fresh
    /// application, since some of these posts are allowed to change things.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryFormHandler_GivenNonsense_AnswersWithoutAFault(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, settings: AccessMatrix.Settings);
        var ids = await AccessMatrix.Ids.LoadAsync(app);
        var clients = new Dictionary<string, (HttpClient Client, string Token)>();
        var faults = new List<string>();
        foreach (var endpoint in AccessMatrix.Endpoints.Where(e => e.Route != "sign-out"))
        {
            foreach (var (handler, rule) in endpoint.Handlers)
            {
                // Someone the handler serves: let in, or let in and told no for an empty form (which nonsense may get further than).
                // A handler that serves nobody without its own key (the unsubscribe link) gets nonsense from anyone.
                var visitor = AccessMatrix.Visitors.FirstOrDefault(v => rule.For(v) == Outcome.Ok) ?? AccessMatrix.Visitors.FirstOrDefault(v => rule.For(v) == Outcome.Refused) ?? AccessMatrix.Anonymous;
                if (!clients.TryGetValue(visitor, out var signedIn))
                {
                    var client = app.CreateBrowserlikeClient();
                    if (visitor != AccessMatrix.Anonymous)
                    {
                        await client.SignInAsync(visitor, DemoOrganisation.Password);
                    }

                    var token = (await client.GetPageAsync(visitor == AccessMatrix.Anonymous ? "/sign-in" : "/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
                    clients[visitor] = signedIn = (client, token);
                }

                // The page's own form where it shows one for this handler (every field it really has), and the usual fields besides.
                var url = endpoint.PostUrl(handler, ids);
                var names = Fields(visitor, signedIn.Token, ids).Keys.ToHashSet();
                try
                {
                    if (endpoint.Get.For(visitor) == Outcome.Ok)
                    {
                        names.UnionWith((await signedIn.Client.ReadFormAsync(ids.Fill(endpoint.Url), handler.Length == 0 ? null : "handler=" + handler)).Values.Keys);
                    }
                }
                catch (InvalidOperationException)
                {
                    // No such form on the page now (posted by script, or shown in another state).
                }

                foreach (var nonsense in new[] { "x", "", "-99999999999999999999", "<b>\"'</b>" })
                {
                    var fields = names.ToDictionary(name => name, name => name == "__RequestVerificationToken" ? signedIn.Token : nonsense);
                    var response = await signedIn.Client.PostAsync(url, new FormUrlEncodedContent(fields));
                    if ((int)response.StatusCode >= 500)
                    {
                        faults.Add($"{visitor} POST {url} with \"{nonsense}\" in {string.Join(", ", names.Order())}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }

    /// <summary>Every page asked for by someone allowed to see it, with nonsense in every query parameter a page reads, answers without a fault.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryPage_GivenANonsenseQuery_AnswersWithoutAFault(string provider)
    {
        var (app, ids) = await apps.ForAsync(provider);
        var clients = new Dictionary<string, HttpClient>();
        var faults = new List<string>();
        foreach (var endpoint in AccessMatrix.Endpoints.Where(e => e.Route != "sign-out"))
        {
            var visitor = AccessMatrix.Visitors.FirstOrDefault(v => endpoint.Get.For(v) is Outcome.Ok or Outcome.Redirect) ?? AccessMatrix.Anonymous;
            if (!clients.TryGetValue(visitor, out var client))
            {
                clients[visitor] = client = visitor == AccessMatrix.Anonymous ? app.CreateBrowserlikeClient() : await ClientAsync(app, visitor);
            }

            foreach (var nonsense in new[] { "x", "", "-99999999999999999999", "%3Cb%3E%22" })
            {
                var url = ids.Fill(endpoint.Url);
                url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", new[] { "side", "Show", "query", "unitid", "handler", "code", "email", "culture", "returnUrl" }.Select(p => $"{p}={nonsense}"));
                var response = await client.GetAsync(url);
                if ((int)response.StatusCode >= 500)
                {
                    faults.Add($"{visitor} GET {url}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheFingerprint_SeesAnAllowedWrite(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, settings: AccessMatrix.Settings);
        var before = await DatabaseFingerprint.TakeAsync(app);
        var ida = await app.SignedInAsync(DemoPeople.Employee);
        var id = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "noget nyt" }, formAction: "handler=Save")).StatusCode);

        Assert.Contains("ConversationParts", DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));

        // A change of a thousandth of a second in one timestamp is a change too.
        var unchanged = await DatabaseFingerprint.TakeAsync(app);
        await app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.OrderBy(e => e.Id).FirstAsync();
            entry.At = entry.At.AddMilliseconds(1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(["AuditEntries"], DatabaseFingerprint.Changed(unchanged, await DatabaseFingerprint.TakeAsync(app)));
    }

    /// <summary>
    /// Every field any page reads, each filled with something a page would store; and an "id" that
    /// names another record, which must not redirect the request (ids come from the URL only).
    /// </summary>
    private static Dictionary<string, string> Fields(string visitor, string token, AccessMatrix.Ids ids)
    {
        var written = "skrevet af " + visitor;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = "0",
            ["version"] = "0",
            ["Answers[tasks-hard]"] = written,
            ["Input.Answers[tasks-notes]"] = written,
            ["Input.Goals[0].Title"] = written,
            ["Input.Goals[0].Actions[0].What"] = written,
            ["Notes"] = written,
            ["Reason"] = written,
            ["NewLeader"] = "1030",
            ["Input.Start"] = TestClock.Midnight.AddDays(10).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Minutes"] = "90",
            ["Input.Location"] = written,
            ["Person"] = AccessMatrix.AddablePerson,
            ["conversationId"] = ids.Conversation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["actionKey"] = "a1",
            ["planNumber"] = "1",
            ["status"] = "Granted",
            ["Name"] = written,
            ["Input.Name"] = written,
            ["Input.Code"] = "NY",
            ["Input.Email"] = "ny@example.dk",
            ["Input.LeaderNumber"] = "1030",
            ["Input.Year"] = (TestClock.Today.Year + 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.TemplateVersionId"] = ids.TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.UnitIds"] = "1",
            ["Rows[0].Name"] = written,
            ["Rows[0].ExpectedLevel"] = "4",
            ["id"] = ids.OtherUser,
            ["templateId"] = "1",
        };
        return fields;
    }

    private static Outcome? OutcomeOf(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.OK => Outcome.Ok,
        HttpStatusCode.BadRequest => Outcome.Refused,
        HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/sign-in", StringComparison.OrdinalIgnoreCase) => Outcome.SignIn,
        HttpStatusCode.Redirect => Outcome.Redirect,
        HttpStatusCode.Forbidden => Outcome.Forbidden,
        HttpStatusCode.NotFound => Outcome.NotFound,
        HttpStatusCode.Unauthorized => Outcome.Unauthorized,
        HttpStatusCode.PermanentRedirect when response.Headers.Location!.OriginalString is ['/', not '/', ..] => Outcome.Moved,
        _ => null,
    };

    /// <summary>Signed in as <paramref name="visitor"/>; the disabled account signed in and was then disabled.</summary>
    private static async Task<HttpClient> ClientAsync(MusApp app, string visitor)
    {
        var client = app.CreateBrowserlikeClient();
        if (visitor == AccessMatrix.Anonymous)
        {
            return client;
        }

        await SetDisabledAsync(app, visitor, false);
        await client.SignInAsync(visitor, DemoOrganisation.Password);
        await SetDisabledAsync(app, visitor, true);
        return client;
    }

    /// <summary>Disabling as the accounts page does it: a lockout without end and a new security stamp.</summary>
    private static async Task SetDisabledAsync(MusApp app, string visitor, bool disabled)
    {
        if (visitor != AccessMatrix.Disabled)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(visitor))!;
        await (disabled ? users.CloseAsync(user) : users.OpenAsync(user));
    }
}
