using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using MimeKit;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Http;

/// <summary>Links that leave the site come from <c>App:PublicUrl</c>; requests for other hosts are turned away.</summary>
public sealed partial class PublicAddressTests
{
    [Fact]
    public async Task TheResetMail_LinksToThePublicAddress_WhateverHostTheRequestNamed()
    {
        // The intranet alias is let in (AllowedHosts), as a second name for the same site might be.
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = "https://mus.fjordby.example/",
            ["AllowedHosts"] = "localhost;intranet.fjordby.example",
        });
        var client = app.CreateBrowserlikeClient();
        client.BaseAddress = new Uri("https://intranet.fjordby.example");

        var asked = await client.PostFormAsync("/sign-in/forgot-password", new Dictionary<string, string> { ["Input.Email"] = DemoPeople.Employee });

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var mail = await MimeMessage.LoadAsync(await MailFolder.SingleMailAsync(app));
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith("https://mus.fjordby.example/sign-in/reset-password?code=", link, StringComparison.Ordinal);
        Assert.DoesNotContain("intranet", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedHost_IsRefused_AndNoMailIsSent()
    {
        await using var app = await MusApp.StartAsync();
        var client = app.CreateBrowserlikeClient();
        var (target, fields) = await client.ReadFormAsync("/sign-in/forgot-password");
        // Control: the same form to the real host is accepted and mailed.
        fields["Input.Email"] = DemoPeople.Employee;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(target, new FormUrlEncodedContent(fields))).StatusCode);
        await MailFolder.SingleMailAsync(app);

        fields["Input.Email"] = DemoPeople.OtherEmployee;
        using var forged = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(fields) };
        forged.Headers.Host = "evil.example";
        var response = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kender ikke den adresse", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Mails leave in the order asked for: once a later one is out, the forged one would have been too.
        fields["Input.Email"] = DemoPeople.Hr;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(target, new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal([DemoPeople.Hr, DemoPeople.Employee], await MailFolder.RecipientsAsync(app, 2));
    }

    [Fact]
    public async Task HealthChecks_AnswerAtAnyHost_AsALoadBalancerAsksByAddress()
    {
        await using var app = await MusApp.StartAsync(demo: false);
        var client = app.CreateBrowserlikeClient();
        client.BaseAddress = new Uri("http://10.0.0.5:8080");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/sign-in")).StatusCode);
    }

    [Theory]
    [InlineData(null, "must be set outside Development")]
    [InlineData("mus.fjordby.example", "must be an absolute https address")]
    [InlineData("https://mus.fjordby.example/?x=1", "must be an absolute https address")]
    [InlineData("http://mus.fjordby.example", "must start with https://")]
    public async Task WithoutAUsablePublicAddress_TheAppDoesNotStart_AndSaysWhy(string? publicUrl, string message)
    {
        // As an operator starts it: its own process, in Production; one line on why, no stack trace.
        var output = await Mus.Tests.Infrastructure.Processes.AppProcess.RefusedStartAsync(new Dictionary<string, string?> { ["App:PublicUrl"] = publicUrl ?? "" });

        Assert.Contains("MUS cannot start: App:PublicUrl " + message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProxyEntryThatIsNotAnAddress_StopsStartUp_WithOneLine()
    {
        var output = await Mus.Tests.Infrastructure.Processes.AppProcess.RefusedStartAsync(new Dictionary<string, string?> { ["App:PublicUrl"] = "https://mus.fjordby.example", ["App:TrustedProxies"] = "proxy.intern" });

        Assert.Contains("MUS cannot start: App:TrustedProxies: 'proxy.intern' is not an IP address", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverPlainHttp_APageRedirectsToThePublicAddress_AndAPostIsToldToUseHttps()
    {
        await using var app = await MusApp.StartAsync(settings: new Dictionary<string, string?> { ["App:PublicUrl"] = "https://mus.fjordby.example" });
        var client = app.CreateBrowserlikeClient();
        client.BaseAddress = new Uri("http://mus.fjordby.example");

        var page = await client.GetAsync("/sign-in?ReturnUrl=%2Fprofile");
        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal("https://mus.fjordby.example/sign-in?ReturnUrl=%2Fprofile", page.Headers.Location!.OriginalString);

        var post = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.dk" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("kræver en sikker forbindelse", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Health checks stay on plain HTTP for a load balancer.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        // A TLS-terminating proxy that says the request was HTTPS gets the page.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        var behindProxy = await client.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.OK, behindProxy.StatusCode);
    }

    /// <summary>A request over plain HTTP that says it came over HTTPS, sent from <paramref name="from"/> (as a proxy would forward it).</summary>
    private static async Task<int> ForwardedStatusAsync(MusApp app, string from)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("mus.fjordby.example");
            c.Request.Path = "/sign-in";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task ForwardedHeaders_AreBelievedFromTheTrustedProxiesOnly()
    {
        await using (var plain = await MusApp.StartAsync(demo: false, settings: new Dictionary<string, string?> { ["App:PublicUrl"] = "https://mus.fjordby.example" }))
        {
            // Not trusted: the claim of HTTPS is ignored, and the browser is sent to the https address.
            Assert.Equal(StatusCodes.Status308PermanentRedirect, await ForwardedStatusAsync(plain, "10.1.2.3"));
            Assert.Equal(StatusCodes.Status200OK, await ForwardedStatusAsync(plain, "127.0.0.1"));
        }

        await using var app = await MusApp.StartAsync(demo: false, settings: new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = "https://mus.fjordby.example",
            ["App:TrustedProxies"] = "10.1.2.0/24, 192.0.2.7",
        });

        Assert.Equal(StatusCodes.Status200OK, await ForwardedStatusAsync(app, "10.1.2.3"));
        Assert.Equal(StatusCodes.Status200OK, await ForwardedStatusAsync(app, "192.0.2.7"));
        Assert.Equal(StatusCodes.Status308PermanentRedirect, await ForwardedStatusAsync(app, "10.9.9.9"));
    }

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex LinkPattern();
}
