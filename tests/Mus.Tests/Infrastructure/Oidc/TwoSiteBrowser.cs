using System.Net;

namespace Mus.Tests.Infrastructure.Oidc;

/// <summary>
/// A browser as far as redirects between MUS (in the test server) and the provider (on loopback)
/// go: each site keeps its own cookies, and every redirect is followed to whichever site it names.
/// </summary>
public sealed class TwoSiteBrowser(MusApp app, OpenIdProvider provider) : IDisposable
{
    private readonly HttpClient providerClient = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    public HttpClient Mus { get; } = app.CreateBrowserlikeClient();

    public string ProviderOrigin => provider.Authority;

    /// <summary>Every address visited, in order (for asserting where the way went).</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>Follows <paramref name="response"/>'s redirects, across both sites, to the first answer that is not one.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is null)
            {
                return response;
            }

            var from = response.RequestMessage!.RequestUri!;
            var to = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(from, response.Headers.Location);
            response = await GetAsync(to);
        }

        throw new InvalidOperationException("More than 20 redirects.");
    }

    public Task<HttpResponseMessage> GetAsync(Uri address)
    {
        Visited.Add(address);
        if (address.Port == provider.Port && address.Host == "127.0.0.1")
        {
            return providerClient.GetAsync(address);
        }

        Assert.Equal(new Uri(MusApp.PublicUrl).Authority, address.Authority);
        return Mus.GetAsync(address.PathAndQuery);
    }

    /// <summary>Posts a form to the provider (its sign-out confirmation), as the browser would.</summary>
    public async Task<HttpResponseMessage> PostToProviderAsync(Uri address, IDictionary<string, string> fields)
    {
        Visited.Add(address);
        return await FollowAsync(await providerClient.PostAsync(address, new FormUrlEncodedContent(fields)));
    }

    public void Dispose()
    {
        providerClient.Dispose();
        Mus.Dispose();
    }
}
