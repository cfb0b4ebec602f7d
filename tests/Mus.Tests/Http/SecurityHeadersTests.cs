using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Http;

public sealed class SecurityHeadersTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    /// <summary>
    /// Every page of the matrix as someone it lets in, its downloads (PDF, JSON), a form post, a 400,
    /// a 404, a 405 and a static file: each carries the security headers, and only the static file may
    /// be cached.
    /// </summary>
    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        var ids = await AccessMatrix.Ids.LoadAsync(shared.App);
        var clients = new Dictionary<string, HttpClient>();
        var requests = new List<(string Visitor, HttpMethod Method, string Url)>();
        foreach (var endpoint in AccessMatrix.Endpoints.Where(e => e.Route != "sign-out"))
        {
            var visitor = AccessMatrix.Visitors.FirstOrDefault(v => v != AccessMatrix.Disabled && endpoint.Get.For(v) == Outcome.Ok) ?? AccessMatrix.Anonymous;
            requests.Add((visitor, HttpMethod.Get, ids.Fill(endpoint.Url)));
            requests.AddRange(endpoint.NamedGets.Select(h => (visitor, HttpMethod.Get, endpoint.PostUrl(h.Handler, ids))));
        }

        requests.Add((DemoPeople.Employee, HttpMethod.Post, "/Profile?handler=SignOut"));
        requests.Add((DemoPeople.Employee, HttpMethod.Post, "/Profile/ChangePassword?handler=Nope"));
        requests.Add((DemoPeople.Employee, HttpMethod.Trace, "/Profile"));
        requests.Add((DemoPeople.Employee, HttpMethod.Get, "/no/such/page"));
        requests.Add((AccessMatrix.Anonymous, HttpMethod.Get, "/css/site.css"));

        var wrong = new List<string>();
        var statuses = new HashSet<int>();
        var types = new HashSet<string>();
        foreach (var (visitor, method, url) in requests)
        {
            if (!clients.TryGetValue(visitor, out var client))
            {
                clients[visitor] = client = visitor == AccessMatrix.Anonymous ? shared.App.CreateBrowserlikeClient() : await shared.App.SignedInAsync(visitor);
            }

            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post)
            {
                var token = (await client.GetPageAsync("/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
            }

            var response = await client.SendAsync(request);
            statuses.Add((int)response.StatusCode);
            types.Add(response.Content.Headers.ContentType?.MediaType ?? "");
            var headers = response.Headers;
            var csp = headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(";", values) : "";
            var problems = new List<string>();
            if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || !csp.Contains("script-src 'self'", StringComparison.Ordinal) || csp.Contains("unsafe-inline", StringComparison.Ordinal))
            {
                problems.Add("CSP");
            }

            if (!headers.TryGetValues("X-Content-Type-Options", out var sniff) || sniff.Single() != "nosniff")
            {
                problems.Add("nosniff");
            }

            if (!headers.TryGetValues("Referrer-Policy", out var referrer) || referrer.Single() != "same-origin")
            {
                problems.Add("Referrer-Policy");
            }

            if (!url.EndsWith(".css", StringComparison.Ordinal) && headers.CacheControl?.NoStore != true)
            {
                problems.Add("may be cached");
            }

            if (problems.Count > 0)
            {
                wrong.Add($"{visitor} {method} {url} ({(int)response.StatusCode}): {string.Join(", ", problems)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        // The kinds of response the claim covers were all among them.
        Assert.Superset(new HashSet<int> { 200, 302, 400, 404, 405 }, statuses);
        Assert.Superset(new HashSet<string> { "text/html", "application/pdf", "application/json", "text/csv", "text/css" }, types);
    }

    [Fact]
    public async Task Cookies_AreSecureHttpOnlyAndSameSite()
    {
        var client = shared.App.CreateBrowserlikeClient();
        var signInPage = await client.GetAsync("/sign-in");
        var page = await signInPage.ParseAsync();
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = DemoOrganisation.EmployeeEmail,
            ["Input.Password"] = DemoOrganisation.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = signInPage.Headers.GetValues("Set-Cookie").Concat(response.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("mus.auth=", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }
}
