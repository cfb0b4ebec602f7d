using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Mus.Tests.Infrastructure;
using Mus.Tests.Infrastructure.Oidc;
using Mus.Tests.Infrastructure.Processes;
using Mus.Web.Demo;
using Mus.Web.Infrastructure.Auth;
using Mus.Web.Infrastructure.Auth.SingleSignOn;

namespace Mus.Tests.Pages.SignIn;

/// <summary>
/// Signing in through the organisation's OpenID provider: a real one (npm's oidc-provider) on
/// loopback, MUS in the test server, and the browser's redirects followed between the two.
/// </summary>
public sealed class SingleSignOnTests(SingleSignOnTests.Provider provider) : IClassFixture<SingleSignOnTests.Provider>
{
    public sealed class Provider : IAsyncLifetime
    {
        public OpenIdProvider Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await OpenIdProvider.StartAsync();

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }

    private OpenIdProvider Server => provider.Server;

    private Task<MusApp> StartAsync(string matchOn = "Email", string matchClaim = "email", int? port = null) =>
        MusApp.StartAsync(settings: OpenIdProvider.Settings(port ?? Server.Port, matchOn, matchClaim));

    /// <summary>Presses the sign-in page's button for the organisation's login and follows the browser.</summary>
    private static async Task<HttpResponseMessage> SignInThroughProviderAsync(TwoSiteBrowser browser, string returnUrl = "")
    {
        var response = await browser.Mus.GetAsync("/sign-in" + returnUrl);
        // The browser may follow a form's redirect to the provider (CSP form-action), and nowhere else.
        Assert.Contains($"form-action 'self' {browser.ProviderOrigin};", response.Headers.GetValues("Content-Security-Policy").Single());
        var page = await response.ParseAsync();
        Assert.Contains("Log ind med Testudbyderen", page.QuerySelector("#single-sign-on button")!.TextContent);
        return await browser.FollowAsync(await browser.Mus.PostFormAsync("/sign-in" + returnUrl, new Dictionary<string, string>(), formAction: "/sign-in/single-sign-on"));
    }

    private static string Subject() => "sub-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task APersonKnownByEmail_SignsInAtTheProvider_AndLandsOnTheirStartPage_WithCodeAndPkce()
    {
        await using var app = await StartAsync();
        using var browser = new TwoSiteBrowser(app, Server);
        var accountsBefore = await app.WithDbAsync(db => db.Users.CountAsync());
        // The provider may spell the address otherwise than MUS does.
        await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail.ToUpperInvariant(), email_verified = true });

        var landed = await SignInThroughProviderAsync(browser);

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/Start/Employee", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Ida Brandt", (await landed.ParseAsync()).QuerySelector("h1")!.TextContent);

        // The way went through the provider's authorization endpoint with a code request and PKCE, and
        // came back to the address registered there, built from MUS's public address.
        var authorization = browser.Visited.First(v => v.Port == Server.Port && v.AbsolutePath == "/auth");
        var query = QueryHelpers.ParseQuery(authorization.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Contains("email", query["scope"].ToString().Split(' '));
        Assert.Contains(browser.Visited, v => v.Host == "localhost" && v.AbsolutePath == "/signin-oidc" && v.Query.Contains("code=", StringComparison.Ordinal));
        Assert.Equal(accountsBefore, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task APersonKnownByEmployeeNumber_IsMatchedOnTheConfiguredClaim()
    {
        await using var app = await StartAsync(SingleSignOnOptions.EmployeeNumberMatch, "employee_number");
        using var browser = new TwoSiteBrowser(app, Server);
        // The address is not one MUS knows: only the number counts.
        await Server.WillSignInAsync(Subject(), new { email = "someone.else@elsewhere.example", employee_number = DemoPeople.EmployeeNumber });

        var landed = await SignInThroughProviderAsync(browser, "?ReturnUrl=%2Fprofile");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/profile", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(DemoOrganisation.EmployeeEmail, await landed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownPerson_IsToldSo_AndNothingIsCreatedOrSignedIn()
    {
        await using var app = await StartAsync();
        using var browser = new TwoSiteBrowser(app, Server);
        var before = await DatabaseFingerprint.TakeAsync(app);
        await Server.WillSignInAsync(Subject(), new { email = "stranger@fjordby.example.dk", email_verified = true });

        var landed = await SignInThroughProviderAsync(browser);

        Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
        var page = await landed.ParseAsync();
        Assert.Contains("MUS kender dig ikke", page.QuerySelector("#refusal")!.TextContent);
        Assert.Contains("stranger@fjordby.example.dk", page.QuerySelector("#refusal")!.TextContent);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
        // Not signed in, and the provider's answer is not kept for another try.
        Assert.Equal("/sign-in", (await browser.Mus.GetAsync("/Start/Employee")).Headers.Location!.AbsolutePath);
        var again = await browser.Mus.GetAsync("/sign-in/single-sign-on");
        Assert.Contains("Login blev ikke gennemført", (await again.ParseAsync()).QuerySelector("#refusal")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
    }

    [Fact]
    public async Task AnAddressTheProviderHasNotVerified_AndAClosedAccount_AreRefused()
    {
        await using var app = await StartAsync();
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail, email_verified = false });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
            Assert.Contains("ikke bekræftet", (await landed.ParseAsync()).QuerySelector("#refusal")!.TextContent);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
        }

        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoPeople.OtherEmployee);
            user.LockoutEnd = Mus.Web.Infrastructure.Auth.AccountStatus.DisabledUntil;
            return await db.SaveChangesAsync();
        });
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(Subject(), new { email = DemoPeople.OtherEmployee, email_verified = true });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
            Assert.Contains("Kontoen er lukket", (await landed.ParseAsync()).QuerySelector("#refusal")!.TextContent);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
        }
    }

    [Fact]
    public async Task AnErrorFromTheProvider_IsAClearPageWithATryAgain_NotAnError()
    {
        await using var app = await StartAsync();
        using var browser = new TwoSiteBrowser(app, Server);
        await Server.WillRefuseAsync("access_denied");

        var landed = await SignInThroughProviderAsync(browser);

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/sign-in/single-sign-on", landed.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await landed.ParseAsync();
        Assert.Contains("Login blev ikke gennemført", page.QuerySelector("#refusal")!.TextContent);
        Assert.NotNull(page.QuerySelector("form[method=post] button"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
        // A code forged or replayed at the callback is refused the same way.
        var forged = await browser.FollowAsync(await browser.Mus.GetAsync("/signin-oidc?code=forged&state=forged"));
        Assert.Contains("Login blev ikke gennemført", (await forged.ParseAsync()).QuerySelector("#refusal")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
    }

    /// <summary>The handler's own addresses, asked what no provider sends: never a fault, never signed in.</summary>
    [Fact]
    public async Task TheHandlersAddresses_GivenOddRequests_AnswerWithoutAFault()
    {
        await using var app = await StartAsync();
        var client = await app.SignedInAsync(DemoPeople.Employee);
        var wrong = new List<string>();
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "/signin-oidc"), (HttpMethod.Post, "/signin-oidc"), (HttpMethod.Get, "/signin-oidc?error=x%00%0d%0a&state=%01"),
            (HttpMethod.Trace, "/signin-oidc"), (HttpMethod.Get, "/signout-callback-oidc"), (HttpMethod.Get, "/signout-callback-oidc?state=forged"),
            (HttpMethod.Post, "/sign-in/single-sign-on?ReturnUrl=%2F%09%2Fevil.example"), (HttpMethod.Get, "/sign-in/single-sign-on?handler=Failed&ReturnUrl=%0d%0a"),
        })
        {
            var response = await app.CreateBrowserlikeClient().SendAsync(new HttpRequestMessage(method, url));
            if ((int)response.StatusCode >= 500)
            {
                wrong.Add($"{method} {url}: {(int)response.StatusCode}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        // The provider's front-channel sign-out address is not served: a link cannot end Ida's session.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signout-oidc")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Start/Employee")).StatusCode);
    }

    [Fact]
    public async Task AProviderThatIsDown_IsSaidOnTheSignInPage_BreakGlassStillSignsIn_AndTheNextTryWorksOnceItIsBack()
    {
        var port = FreePort.Next();
        await using var app = await StartAsync(port: port);
        await RequireSingleSignOnAsync(app);
        using var browser = new TwoSiteBrowser(app, Server);

        var response = await browser.Mus.PostFormAsync("/sign-in", new Dictionary<string, string>(), formAction: "/sign-in/single-sign-on");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("svarer ikke lige nu", page.QuerySelector("#refusal")!.TextContent);
        Assert.NotNull(page.QuerySelector("form[method=post] button"));
        Assert.NotNull(page.QuerySelector("a[href^='/sign-in']"));
        Assert.NotNull((await browser.Mus.GetPageAsync("/sign-in")).QuerySelector("#break-glass input[name='Input.Password']"));
        var administrator = app.CreateBrowserlikeClient();
        Assert.Equal("/Start/Administrator", await administrator.SignInAsync(DemoPeople.Administrator, DemoOrganisation.Password));

        await using var back = await OpenIdProvider.StartAsync(port);
        using var again = new TwoSiteBrowser(app, back);
        await back.WillSignInAsync(Subject(), new { email = DemoPeople.CurrentLeader, email_verified = true });
        var landed = await SignInThroughProviderAsync(again);
        Assert.Equal("/Start/Leader", landed.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task SigningOut_EndsTheSessionInMus_AndAtTheProvider()
    {
        await using var app = await StartAsync();
        using var browser = new TwoSiteBrowser(app, Server);
        var leader = Subject();
        await Server.WillSignInAsync(leader, new { email = DemoPeople.CurrentLeader, email_verified = true });
        Assert.Equal(HttpStatusCode.OK, (await SignInThroughProviderAsync(browser)).StatusCode);
        var (loginsBefore, logoutsBefore) = await Server.SeenAsync();

        var signOut = await browser.Mus.PostFormAsync("/Profile", new Dictionary<string, string>(), formAction: "/sign-out");

        // To the provider's end-session endpoint, saying whose session (the ID token) and where to come back.
        var endSession = signOut.Headers.Location!;
        Assert.Equal(Server.Port, endSession.Port);
        Assert.Equal("/session/end", endSession.AbsolutePath);
        var query = QueryHelpers.ParseQuery(endSession.Query);
        Assert.Equal(3, query["id_token_hint"].ToString().Split('.').Length);
        Assert.Equal("https://localhost/signout-callback-oidc", query["post_logout_redirect_uri"].ToString());
        Assert.Equal("/sign-in", (await browser.Mus.GetAsync("/Start/Leader")).Headers.Location!.AbsolutePath);

        // The provider asks the person to confirm, as it does; confirmed, it ends its session and sends them back.
        var confirm = await browser.FollowAsync(await browser.GetAsync(endSession));
        var form = await confirm.Content.ReadAsStringAsync();
        var xsrf = Regex.Match(form, "name=\"xsrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var action = Regex.Match(form, "action=\"([^\"]+)\"").Groups[1].Value;
        var back = await browser.PostToProviderAsync(new Uri(new Uri(Server.Authority), action), new Dictionary<string, string> { ["xsrf"] = xsrf, ["logout"] = "yes" });

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("/sign-in", back.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Du er logget af", (await back.ParseAsync()).QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(logoutsBefore + 1, (await Server.SeenAsync()).Logouts);

        // Signing in again needs the provider's sign-in again: its session is gone.
        await Server.WillSignInAsync(leader, new { email = DemoPeople.CurrentLeader, email_verified = true });
        Assert.Equal(HttpStatusCode.OK, (await SignInThroughProviderAsync(browser)).StatusCode);
        Assert.Equal(loginsBefore + 1, (await Server.SeenAsync()).Logins);
    }

    [Fact]
    public async Task RequiredSingleSignOn_RefusesPasswordsButTheBreakGlassAdministrators_SendsThemNoResetMail_AndEndsPasswordSessions()
    {
        await using var app = await StartAsync();
        var hr = await app.SignedInAsync(DemoPeople.Hr);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/Start/Hr")).StatusCode);

        await RequireSingleSignOnAsync(app);

        // Sessions begun before end at their next request.
        Assert.Equal("/sign-in", (await hr.GetAsync("/Start/Hr")).Headers.Location!.AbsolutePath);
        // A right password is refused, and said so; a wrong one is told it is wrong, as before.
        var ida = app.CreateBrowserlikeClient();
        var page = await (await ida.PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = DemoOrganisation.EmployeeEmail, ["Input.Password"] = DemoOrganisation.Password })).ParseAsync();
        Assert.Contains("kræver, at du logger ind med organisationens login", page.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.GetAsync("/Start/Employee")).StatusCode);
        page = await (await ida.PostFormAsync("/sign-in", new Dictionary<string, string> { ["Input.Email"] = DemoOrganisation.EmployeeEmail, ["Input.Password"] = "wrong password" })).ParseAsync();
        Assert.Contains("E-mail eller adgangskode er forkert", page.QuerySelector(".alert-error")!.TextContent);
        // The break-glass administrator signs in with the password.
        Assert.Equal("/Start/Administrator", await app.CreateBrowserlikeClient().SignInAsync(DemoPeople.Administrator, DemoOrganisation.Password));

        // No reset mail for Ida (her password would not work); the administrator's comes, and comes after the one asked for first.
        var anyone = app.CreateBrowserlikeClient();
        await anyone.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoOrganisation.EmployeeEmail });
        await anyone.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Administrator });
        var mail = await MimeMessage.LoadAsync(await MailFolder.SingleMailAsync(app));
        Assert.Equal(DemoPeople.Administrator, mail.To.Mailboxes.Single().Address);

        // Ida signs in through the provider.
        using var browser = new TwoSiteBrowser(app, Server);
        await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
        Assert.Equal("/Start/Employee", (await SignInThroughProviderAsync(browser)).RequestMessage!.RequestUri!.AbsolutePath);

        // Passwords allowed again: Ida's works.
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync("/accounts/single-sign-on", new Dictionary<string, string>(), formAction: "handler=AllowPasswords")).StatusCode);
        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password));
    }

    [Fact]
    public async Task TheAdministratorsPage_ShowsTheAddressesToRegister_AndRefusesARequirementWithoutABreakGlassAccount()
    {
        await using var app = await StartAsync();
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);

        var page = await administrator.GetPageAsync("/accounts/single-sign-on");
        Assert.Contains("https://localhost/signin-oidc", page.QuerySelector("#configured")!.TextContent);
        Assert.Contains("https://localhost/signout-callback-oidc", page.QuerySelector("#configured")!.TextContent);
        Assert.NotNull(page.QuerySelector("#not-required"));

        var before = await DatabaseFingerprint.TakeAsync(app);
        var refused = await administrator.PostFormAsync("/accounts/single-sign-on", new Dictionary<string, string>(), formAction: "handler=Require");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Vælg den administrator", (await refused.ParseAsync()).QuerySelector(".alert-error")!.TextContent);
        // Not an account outside the list either (Ida is no administrator).
        var idaId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoOrganisation.EmployeeEmail).Select(u => u.Id).SingleAsync());
        refused = await administrator.PostFormAsync("/accounts/single-sign-on", new Dictionary<string, string> { ["BreakGlassUserId"] = idaId }, formAction: "handler=Require");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    [Fact]
    public async Task WithoutTheProvidersSettings_ARequirementLeftInTheDatabaseShutsNobodyOut()
    {
        await using var app = await MusApp.StartAsync();
        await app.WithDbAsync(async db =>
        {
            var administrator = await db.Users.SingleAsync(u => u.Email == DemoPeople.Administrator);
            db.SingleSignOnRequirement.Add(new SingleSignOnRequirement { BreakGlassUserId = administrator.Id, RequiredAt = TestClock.UtcNow.UtcDateTime });
            return await db.SaveChangesAsync();
        });

        Assert.Equal("/Start/Employee", await app.CreateBrowserlikeClient().SignInAsync(DemoOrganisation.EmployeeEmail, DemoOrganisation.Password));
        var signIn = await app.CreateBrowserlikeClient().GetPageAsync("/sign-in");
        Assert.Null(signIn.QuerySelector("#single-sign-on"));
        Assert.Null(signIn.QuerySelector("#break-glass"));
    }

    [Fact]
    public async Task TheFirstSignIn_BindsTheSubject_ALaterAddressChangesNobody_AndAnotherSubjectWithTheAddressIsRefused()
    {
        await using var app = await StartAsync();
        var ida = Subject();
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(ida, new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
            Assert.Equal("/Start/Employee", (await SignInThroughProviderAsync(browser)).RequestMessage!.RequestUri!.AbsolutePath);
        }

        var bound = await app.WithDbAsync(db => db.UserLogins.Select(l => new { l.LoginProvider, l.ProviderKey, l.UserId }).ToListAsync());
        var idaId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoOrganisation.EmployeeEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal((Server.Authority, ida, idaId), (bound.Single().LoginProvider, bound.Single().ProviderKey, bound.Single().UserId));

        // The provider now says Ida's subject has another person's address: it is still Ida.
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(ida, new { email = DemoPeople.OtherEmployee, email_verified = true });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal("/Start/Employee", landed.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("Ida Brandt", (await landed.ParseAsync()).QuerySelector("h1")!.TextContent);
        }

        // Another subject with Ida's verified address does not get Ida's account, and is told its own code.
        var before = await DatabaseFingerprint.TakeAsync(app);
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            var stranger = Subject();
            await Server.WillSignInAsync(stranger, new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
            var page = await landed.ParseAsync();
            Assert.Contains("allerede koblet til en anden person", page.QuerySelector("#refusal")!.TextContent);
            Assert.Equal(stranger, page.QuerySelector("#subject")!.TextContent);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));
    }

    /// <summary>Identity's lookup folds the Kelvin sign and the long s into k and s: such an address is no one's here.</summary>
    [Theory]
    [InlineData("\u212Aarsten.lund@fjordby.example.dk")]
    [InlineData("kar\u017Ften.lund@fjordby.example.dk")]
    public async Task ALookAlikeAddress_BindsNobody(string lookAlike)
    {
        await using var app = await StartAsync();
        using var browser = new TwoSiteBrowser(app, Server);
        await Server.WillSignInAsync(Subject(), new { email = lookAlike, email_verified = true });

        var landed = await SignInThroughProviderAsync(browser);

        Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.UserLogins.CountAsync()));
    }

    [Fact]
    public async Task AnAddressWithoutEmailVerified_LinksNothing_UnlessTheProvidersAddressesAreTrusted_AndFalseIsRefusedEvenThen()
    {
        await using (var app = await StartAsync())
        {
            using var browser = new TwoSiteBrowser(app, Server);
            await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
            Assert.Contains("ikke bekræftet", (await landed.ParseAsync()).QuerySelector("#refusal")!.TextContent);
            Assert.Equal(0, await app.WithDbAsync(db => db.UserLogins.CountAsync()));
        }

        var trusting = OpenIdProvider.Settings(Server.Port);
        trusting["SingleSignOn:TrustEmailWithoutVerifiedClaim"] = "true";
        await using (var app = await MusApp.StartAsync(settings: trusting))
        {
            using (var browser = new TwoSiteBrowser(app, Server))
            {
                await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail, email_verified = false });
                Assert.Equal(HttpStatusCode.Forbidden, (await SignInThroughProviderAsync(browser)).StatusCode);
            }

            using (var browser = new TwoSiteBrowser(app, Server))
            {
                await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail });
                Assert.Equal("/Start/Employee", (await SignInThroughProviderAsync(browser)).RequestMessage!.RequestUri!.AbsolutePath);
            }
        }
    }

    [Fact]
    public async Task AnAccountWithARole_IsBoundOnlyByAnAdministrator_AndUnbindingEndsItsSessions()
    {
        await using var app = await StartAsync();
        var hr = Subject();
        var before = await DatabaseFingerprint.TakeAsync(app);
        foreach (var email in new[] { DemoPeople.Hr, DemoPeople.Administrator })
        {
            using var browser = new TwoSiteBrowser(app, Server);
            await Server.WillSignInAsync(email == DemoPeople.Hr ? hr : Subject(), new { email, email_verified = true });
            var landed = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
            var page = await landed.ParseAsync();
            Assert.Contains("kobles kun til organisationens login af en administrator", page.QuerySelector("#refusal")!.TextContent);
            Assert.NotNull(page.QuerySelector("#subject"));
            Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Hr")).StatusCode);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.TakeAsync(app)));

        // The administrator binds HR's account to the code HR was shown.
        var hrId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPeople.Hr).Select(u => u.Id).SingleAsync());
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        Assert.Contains($"/accounts/{hrId}/single-sign-on", await (await administrator.GetAsync("/accounts?query=" + Uri.EscapeDataString(DemoPeople.Hr))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync($"/accounts/{hrId}/single-sign-on", new Dictionary<string, string> { ["Subject"] = hr }, formAction: "handler=Link")).StatusCode);
        Assert.Equal(hr, (await administrator.GetPageAsync($"/accounts/{hrId}/single-sign-on")).QuerySelector("#links code")!.TextContent);

        // The same subject for another account is refused, naming who holds it.
        var idaId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoOrganisation.EmployeeEmail).Select(u => u.Id).SingleAsync());
        var taken = await administrator.PostFormAsync($"/accounts/{idaId}/single-sign-on", new Dictionary<string, string> { ["Subject"] = hr }, formAction: "handler=Link");
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains(DemoPeople.Hr, (await taken.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);

        using var signedIn = new TwoSiteBrowser(app, Server);
        await Server.WillSignInAsync(hr, new { email = "hr.somewhere.else@example.org" });
        Assert.Equal("/Start/Hr", (await SignInThroughProviderAsync(signedIn)).RequestMessage!.RequestUri!.AbsolutePath);

        // Unbound: the session it began ends, and the next sign-in is refused again.
        var unlink = await administrator.PostFormAsync($"/accounts/{hrId}/single-sign-on", new Dictionary<string, string> { ["provider"] = Server.Authority, ["key"] = hr }, formAction: "handler=Unlink");
        Assert.Equal(HttpStatusCode.Redirect, unlink.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.UserLogins.CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await signedIn.Mus.GetAsync("/Start/Hr")).StatusCode);
    }

    [Fact]
    public async Task ARoleGivenAfterASignInBoundTheAccount_IsUsedThroughTheProviderOnlyOnceAnAdministratorBindsIt()
    {
        await using var app = await StartAsync();
        var ida = Subject();
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(ida, new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
            Assert.Equal("/Start/Employee", (await SignInThroughProviderAsync(browser)).RequestMessage!.RequestUri!.AbsolutePath);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Mus.Web.Infrastructure.Auth.AppUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByEmailAsync(DemoOrganisation.EmployeeEmail))!, Mus.Web.Domain.Roles.Hr)).Succeeded);
        }

        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(ida, new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
            var refused = await SignInThroughProviderAsync(browser);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(ida, (await refused.ParseAsync()).QuerySelector("#subject")!.TextContent);
        }

        // The administrator binds it again: from then on it signs in.
        var idaId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoOrganisation.EmployeeEmail).Select(u => u.Id).SingleAsync());
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync($"/accounts/{idaId}/single-sign-on", new Dictionary<string, string> { ["provider"] = Server.Authority, ["key"] = ida }, formAction: "handler=Unlink")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.PostFormAsync($"/accounts/{idaId}/single-sign-on", new Dictionary<string, string> { ["Subject"] = ida }, formAction: "handler=Link")).StatusCode);
        using (var browser = new TwoSiteBrowser(app, Server))
        {
            await Server.WillSignInAsync(ida, new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
            Assert.Equal(HttpStatusCode.OK, (await SignInThroughProviderAsync(browser)).StatusCode);
        }
    }

    [Fact]
    public async Task MusOwnSecondStep_IsNotSkipped_ForAnAccountThatSwitchedItOn()
    {
        await using var app = await StartAsync();
        var password = await app.SignedInAsync(DemoOrganisation.EmployeeEmail);
        var key = (await password.GetPageAsync("/profile/twofactor")).QuerySelector("#shared-key")!.TextContent;
        Assert.Equal("/Profile/RecoveryCodes", (await password.PostFormAsync("/profile/twofactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, TestClock.UtcNow) }, formAction: "handler=Enable")).Location());

        using var browser = new TwoSiteBrowser(app, Server);
        await Server.WillSignInAsync(Subject(), new { email = DemoOrganisation.EmployeeEmail, email_verified = true });
        var landed = await SignInThroughProviderAsync(browser, "?ReturnUrl=%2Fprofile");

        Assert.Equal("/sign-in/two-factor", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
        var done = await browser.Mus.PostFormAsync(landed.RequestMessage.RequestUri.PathAndQuery, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, TestClock.UtcNow.AddSeconds(30)) });
        Assert.Equal("/profile", done.Location());
        Assert.Equal(HttpStatusCode.OK, (await browser.Mus.GetAsync("/Start/Employee")).StatusCode);
    }

    /// <summary>The administrator requires single sign-on on their page, naming themselves for break-glass.</summary>
    private static async Task RequireSingleSignOnAsync(MusApp app)
    {
        var administrator = await app.SignedInAsync(DemoPeople.Administrator);
        var page = await administrator.GetPageAsync("/accounts/single-sign-on");
        var choice = page.QuerySelectorAll("input[name=BreakGlassUserId]").Single(i => page.QuerySelector($"label[for='{i.Id}']")!.TextContent.Contains(DemoPeople.Administrator, StringComparison.Ordinal));
        var response = await administrator.PostFormAsync("/accounts/single-sign-on", new Dictionary<string, string> { ["BreakGlassUserId"] = choice.GetAttribute("value")! }, formAction: "handler=Require");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.SingleSignOnRequirement.AnyAsync()));
    }
}
