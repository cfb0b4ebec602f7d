using System.Net.Http.Headers;
using Mus.Web.Api.Clients;

namespace Mus.Tests.Infrastructure;

/// <summary>API clients for tests: made as the administrator's page makes them (a row with the hash), and an HTTP client carrying the token.</summary>
public static class ApiClientTokens
{
    public static async Task<string> CreateAsync(MusApp app, params string[] scopes) =>
        await app.WithDbAsync(async db => (await ApiTokens.CreateClientAsync(db, "test " + string.Join(',', scopes), scopes, TestClock.UtcNow.UtcDateTime, null)).Token);

    /// <summary>
    /// For tests that compare every table: time stands still, so a client marked used (to the minute)
    /// before the first fingerprint is not marked again when the clock passes a minute during the test.
    /// </summary>
    public static void FrozenClock(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.UtcNow));

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null), and no cookies.</summary>
    public static HttpClient Client(MusApp app, string? token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(MusApp.PublicUrl), AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<HttpClient> ClientWithAsync(MusApp app, params string[] scopes) => Client(app, await CreateAsync(app, scopes));
}
