using System.Net;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;

namespace Mus.Tests.Http;

public sealed class SecurityHeadersTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    [Theory]
    [InlineData("/account/signin", false)]
    [InlineData("/account/forgotpassword", false)]
    [InlineData("/health/live", false)]
    [InlineData("/health/ready", false)]
    [InlineData("/no/such/page", false)]
    [InlineData("/css/site.css", false)]
    [InlineData("/start/employee", true)]
    [InlineData("/profile", true)]
    [InlineData("/start/hr", true)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url, bool signedIn)
    {
        var client = shared.App.CreateBrowserlikeClient();
        if (signedIn)
        {
            await client.SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password);
        }

        var response = await client.GetAsync(url);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        if (!url.EndsWith(".css", StringComparison.Ordinal))
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url} may be cached");
        }
    }

    [Fact]
    public async Task Cookies_AreSecureHttpOnlyAndSameSite()
    {
        var client = shared.App.CreateBrowserlikeClient();
        var signInPage = await client.GetAsync("/account/signin");
        var page = await signInPage.ParseAsync();
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
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
