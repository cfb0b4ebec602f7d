using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Browser;

/// <summary>
/// The application on a real Kestrel port and Debian's Chromium driven by Playwright (never a
/// downloaded browser). Each page visited is scanned by axe-core.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public MusApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseAddress { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the test script installs Debian's chromium package.");
        }

        (App, BaseAddress) = await ServeAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--ignore-certificate-errors", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>
    /// A demo application served by Kestrel over HTTPS on loopback (at <paramref name="port"/>, or one
    /// the system picks), as the browser reaches it: its address with the host name "localhost".
    /// </summary>
    public static async Task<(MusApp App, string BaseAddress)> ServeAsync(IReadOnlyDictionary<string, string?>? settings = null, int port = 0)
    {
        var app = new MusApp(await TestDatabase.CreateAsync(TestDatabase.Sqlite), settings);
        // HTTPS with a throwaway certificate, so the cookies are as Secure as in production.
        var certificate = SelfSignedCertificate();
        // HTTP/1.1 only: with HTTP/2 an occasional stalled subresource kept Chromium's load event from firing.
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(certificate);
        }));
        app.StartServer();
        await app.SeedDemoAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new UriBuilder(address) { Host = "localhost" }.Uri.ToString().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }

    public Task<IBrowserContext> NewContextAsync(int width = 1280, string? baseAddress = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress ?? BaseAddress, IgnoreHTTPSErrors = true, ViewportSize = new ViewportSize { Width = width, Height = 800 } });

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so that Kestrel on Linux gets a certificate whose key it can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// Waits for a navigation to <paramref name="glob"/> and for its main landmark. Lifecycle events are
    /// not waited for: after a redirect chain Chromium's DOMContentLoaded was once never reported on CI.
    /// </summary>
    public static async Task WaitForPageAsync(IPage page, string glob)
    {
        await page.WaitForURLAsync(glob, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("main").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// Fails unless the page came with <paramref name="status"/> (an error page is accessible too, and
    /// must not pass for the page asked for), then with the list of rules broken when axe-core finds
    /// any violation on it.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, int status = 200)
    {
        // The status of the document now shown, however it was reached (a link, a form, a redirect).
        var shown = await page.EvaluateAsync<int>("performance.getEntriesByType('navigation').at(-1)?.responseStatus ?? 0");
        Assert.True(shown == status, $"{page.Url} answered {shown}, not {status}");
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}");
        Assert.True(result.Violations.Length == 0, $"axe-core on {page.Url}:\n{string.Join('\n', violations)}");
    }

    /// <summary>Fails when the page is wider than the window, that is, needs sideways scrolling.</summary>
    public static async Task AssertFitsWidthAsync(IPage page)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        var widest = scroll <= client ? "" : await page.EvaluateAsync<string>(
            "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')");
        Assert.True(scroll <= client, $"{page.Url} is {scroll}px wide in a {client}px window; too wide: {widest}");
    }
}
