using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Http;

/// <summary>The stylesheets, fonts and icons as a browser gets them: compressed, cached for good under a fingerprint, and all there.</summary>
public sealed partial class StaticAssetTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    [Fact]
    public async Task Stylesheets_AreFingerprinted_Compressed_AndCachedForGood()
    {
        using var client = shared.App.CreateBrowserlikeClient();
        var stylesheets = await StylesheetsOfAsync(client, "/sign-in");
        Assert.Equal(2, stylesheets.Count);

        foreach (var href in stylesheets)
        {
            Assert.Matches(@"\.[a-z0-9]{10}\.css$", href);
            var plain = await GetAsync(client, href, null);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal("text/css", plain.Content.Headers.ContentType?.MediaType);
            Assert.Equal("max-age=31536000, immutable", plain.Headers.CacheControl?.ToString());
            var original = await plain.Content.ReadAsByteArrayAsync();

            foreach (var encoding in new[] { "br", "gzip" })
            {
                var compressed = await GetAsync(client, href, encoding);
                Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
                Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
                var bytes = await compressed.Content.ReadAsByteArrayAsync();
                Assert.True(bytes.Length < original.Length / 2, $"{href} in {encoding}: {bytes.Length} bytes of {original.Length}");
                Assert.Equal(original, Decompress(bytes, encoding));
            }
        }
    }

    [Fact]
    public async Task EveryFileTheStylesheetNames_IsServed()
    {
        using var client = shared.App.CreateBrowserlikeClient();
        var dkfds = (await StylesheetsOfAsync(client, "/sign-in")).Single(s => s.Contains("dkfds", StringComparison.Ordinal));
        var css = await client.GetStringAsync(dkfds);
        var references = CssUrl().Matches(css).Select(m => m.Groups[1].Value.Trim('"', '\'')).Where(u => !u.StartsWith("data:", StringComparison.Ordinal)).Distinct().ToList();
        // The checkbox's tick and the select's chevron, which were missing once, are among them.
        Assert.Contains("../img/svg-icons/check-white.svg", references);
        Assert.Contains("../img/svg-icons/chevron-down.svg", references);

        var missing = new List<string>();
        foreach (var reference in references)
        {
            var address = new Uri(new Uri("https://localhost" + dkfds), reference);
            using var response = await client.GetAsync(address);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType is "text/html")
            {
                missing.Add($"{reference}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public async Task TheFont_IsDeclaredAsWoff2Subsets_Only()
    {
        using var client = shared.App.CreateBrowserlikeClient();
        var dkfds = (await StylesheetsOfAsync(client, "/sign-in")).Single(s => s.Contains("dkfds", StringComparison.Ordinal));
        var css = await client.GetStringAsync(dkfds);
        var faces = FontFace().Matches(css).Select(m => m.Value).Where(f => f.Contains("IBM Plex Sans", StringComparison.Ordinal)).ToList();

        Assert.Equal(8 * 4, faces.Count);
        Assert.All(faces, face =>
        {
            Assert.Contains("format(\"woff2\")", face, StringComparison.Ordinal);
            Assert.DoesNotContain(".woff)", face, StringComparison.Ordinal);
            Assert.DoesNotContain(".eot", face, StringComparison.Ordinal);
            Assert.Contains("unicode-range", face, StringComparison.Ordinal);
        });
        // Danish letters are in the first subset, so a Danish page needs nothing else.
        Assert.Contains(faces, f => f.Contains("Regular-Latin1.woff2", StringComparison.Ordinal) && f.Contains("U+00A0-00FF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFavicon_IsServedToAnyone()
    {
        using var client = shared.App.CreateBrowserlikeClient();
        foreach (var (path, type) in new[] { ("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        var ico = await client.GetByteArrayAsync("/favicon.ico");
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, ico[..4]);
    }

    [Fact]
    public async Task Pages_AreNotCompressed_NorCached()
    {
        // A page holds the antiforgery token and the person's own words beside text an attacker may
        // choose: compressing it would let a length tell (BREACH). Static files carry neither.
        var client = await shared.App.SignedInAsync(DemoPeople.Employee);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Start/Employee");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public void EveryStaticFile_IsPublic_ReadOnly_AndFromTheBuiltFolders()
    {
        var files = AppEndpoints.StaticFiles(shared.App.Services);
        Assert.Contains(files, f => f.RoutePattern.RawText == "lib/dkfds/img/svg-icons/check-white.svg");

        var wrong = files.Where(f =>
                f.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null ||
                f.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Except(["GET", "HEAD"]).Any() != false ||
                !StaticFolder().IsMatch(f.RoutePattern.RawText!))
            .Select(f => f.RoutePattern.RawText).Distinct().ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static async Task<List<string>> StylesheetsOfAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }

        return await client.SendAsync(request);
    }

    private static byte[] Decompress(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex(@"url\(\s*([^)]+?)\s*\)")]
    private static partial Regex CssUrl();

    [GeneratedRegex(@"^(css/[\w.-]+\.css|js/[\w.-]+\.js|lib/dkfds/[\w./-]+|favicon\.[\w.]*(ico|svg))(\.(br|gz))?$")]
    private static partial Regex StaticFolder();

    [GeneratedRegex(@"@font-face\{[^}]*\}")]
    private static partial Regex FontFace();
}
