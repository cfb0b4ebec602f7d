using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Http;

/// <summary>
/// Requests a browser never sends but clients and scanners do: a form post that names no handler
/// or an unknown one, TRACE, PUT, DELETE, and return addresses with control characters. Every page
/// of the application, as a visitor who may use it and as a stranger: never a 5xx, never a change
/// in the database, and for the one who may use the page exactly 400 or 405.
/// </summary>
public sealed class OddRequestTests(OddRequestTests.Apps apps) : IClassFixture<OddRequestTests.Apps>
{
    public sealed class Apps() : PerProvider<(MusApp App, AccessMatrix.Ids Ids)>(
        async provider => await MusApp.StartAsync(provider) is var app ? (app, await AccessMatrix.Ids.LoadAsync(app)) : default,
        prepared => prepared.App);

    public static TheoryData<string, bool> ProvidersAndRoles()
    {
        var data = new TheoryData<string, bool>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            data.Add(provider, true);
            data.Add(provider, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndRoles))]
    public async Task EveryPage_GivenOddRequests_AnswersWithoutAFault_AndChangesNothing(string provider, bool asOwner)
    {
        var (app, ids) = await apps.ForAsync(provider);
        var clients = new Dictionary<string, (HttpClient Client, string Token)>();
        var wrong = new List<string>();
        var tried = 0;
        var triedRoutes = new HashSet<string>();
        var before = await DatabaseFingerprint.TakeAsync(app);
        var pages = AppEndpoints.Routed(app.Services)
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(AccessMatrix.RouteOf)
            .ToHashSet();
        foreach (var endpoint in AccessMatrix.Endpoints.Where(e => e.Route is not ("health/live" or "health/ready")))
        {
            // The owner is the first visitor the page lets in; the stranger the first it turns away (or, for an open page, nobody signed in).
            var owner = AccessMatrix.Visitors.FirstOrDefault(v => v != AccessMatrix.Disabled && endpoint.Get.For(v) is Outcome.Ok or Outcome.Redirect) ?? AccessMatrix.Anonymous;
            var visitor = asOwner
                ? owner
                : AccessMatrix.Visitors.FirstOrDefault(v => v != AccessMatrix.Disabled && endpoint.Get.For(v) is Outcome.Forbidden or Outcome.NotFound or Outcome.SignIn) ?? AccessMatrix.Anonymous;
            if (!clients.TryGetValue(visitor, out var signedIn))
            {
                clients[visitor] = signedIn = await ClientAsync(app, visitor);
                before = await DatabaseFingerprint.TakeAsync(app);
            }

            triedRoutes.Add(endpoint.Route);
            var url = ids.Fill(endpoint.Url);
            var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            // A page that takes no posts at all does not serve POST (405); one that does needs a handler it has (400).
            var post = endpoint.Handlers.Count > 0 ? HttpStatusCode.BadRequest : HttpStatusCode.MethodNotAllowed;
            // An API endpoint asks a browser's visitor for a token first, whatever the method (ScimTests send these with one).
            var api = endpoint.Get.For(visitor) == Outcome.Unauthorized;
            // An address that is nothing (API v1's catch-all) is nothing whatever the method.
            var nothing = endpoint.Route.EndsWith("{**path}", StringComparison.Ordinal) && !api;
            var notServed = api ? HttpStatusCode.Unauthorized : nothing ? HttpStatusCode.NotFound : HttpStatusCode.MethodNotAllowed;
            post = nothing ? HttpStatusCode.NotFound : post;
            // An address used before sends every post on to its new address, which then answers for the handler.
            post = endpoint.Get.For(visitor) == Outcome.Moved ? HttpStatusCode.PermanentRedirect : post;
            var odd = new List<(HttpMethod Method, string Url, HttpStatusCode Expected)>
            {
                (HttpMethod.Post, url + separator + "handler=Nope", api ? HttpStatusCode.Unauthorized : post),
                (HttpMethod.Trace, url, notServed),
                (HttpMethod.Put, url, notServed),
                (HttpMethod.Delete, url, notServed),
            };
            // Handlers are a Razor Pages idea: an endpoint of its own (the calendar feed) ignores the name.
            if (pages.Contains(endpoint.Route))
            {
                odd.Add((HttpMethod.Get, url + separator + "handler=Nope", HttpStatusCode.BadRequest));
            }
            if (!endpoint.Handlers.Any(h => h.Handler.Length == 0))
            {
                odd.Add((HttpMethod.Post, url, api ? HttpStatusCode.Unauthorized : post));
            }

            foreach (var (method, target, expected) in odd)
            {
                tried++;
                using var request = new HttpRequestMessage(method, target);
                if (method != HttpMethod.Get)
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = signedIn.Token, ["Notes"] = "odd" });
                }

                var response = await signedIn.Client.SendAsync(request);
                var status = response.StatusCode;
                if ((int)status >= 500 || (visitor == owner && status != expected))
                {
                    wrong.Add($"{visitor} {method} {target}: expected {(int)expected}, got {(int)status}");
                }

                if (status == HttpStatusCode.MethodNotAllowed && !response.Content.Headers.Allow.Contains("GET"))
                {
                    wrong.Add($"{visitor} {method} {target}: 405 without an Allow header naming GET");
                }
            }

            if (DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)) is { Count: > 0 } changed)
            {
                wrong.Add($"{visitor} on {url} changed {string.Join(", ", changed)}");
            }
        }

        Assert.True(tried > 200, $"only {tried} odd requests");
        // Every page the app registers was among them (the matrix holds a URL for each).
        Assert.Subset(triedRoutes, pages);
        Assert.True(wrong.Count == 0, $"{provider}:\n" + string.Join('\n', wrong));
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0D%0A/evil.example")]
    [InlineData("/%0A/evil.example")]
    [InlineData("/%7F/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https://evil.example/")]
    public async Task TheLanguageSwitch_WithAForeignOrControlCharacterReturnAddress_GoesToTheStartPage(string returnUrl)
    {
        var (app, _) = await apps.ForAsync(TestDatabase.Sqlite);
        var (client, token) = await ClientAsync(app, DemoPeople.Employee);

        var response = await client.PostAsync("/Language", new StringContent(
            $"__RequestVerificationToken={Uri.EscapeDataString(token)}&culture=en-GB&returnUrl={returnUrl}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal("/", response.Location());
        // Still signed in: the start page redirects to her own start page, not to sign-in.
        Assert.Equal("/Start/Employee", (await client.GetAsync("/")).Location());
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0D%0AX-Evil:%201")]
    public async Task SigningIn_WithAControlCharacterReturnAddress_SignsInAndGoesToTheStartPage(string returnUrl)
    {
        var (app, _) = await apps.ForAsync(TestDatabase.Sqlite);
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostFormAsync("/sign-in?ReturnUrl=" + returnUrl, new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPeople.Employee,
            ["Input.Password"] = DemoOrganisation.Password,
        });

        Assert.Equal("/", response.Location());
        Assert.Equal("/Start/Employee", (await client.GetAsync("/")).Location());
    }

    private static async Task<(HttpClient Client, string Token)> ClientAsync(MusApp app, string visitor)
    {
        var client = app.CreateBrowserlikeClient();
        if (visitor == AccessMatrix.Anonymous)
        {
            return (client, (await client.GetPageAsync("/sign-in")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
        }

        await client.SignInAsync(visitor, DemoOrganisation.Password);
        return (client, (await client.GetPageAsync("/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }
}
