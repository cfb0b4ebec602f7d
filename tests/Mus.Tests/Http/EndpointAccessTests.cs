using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Http;

/// <summary>Every endpoint needs a signed-in user unless it is on this short list.</summary>
public sealed class EndpointAccessTests(SharedDemoApp shared) : IClassFixture<SharedDemoApp>
{
    private static readonly string[] AnonymousAllowList =
    [
        "sign-in", "sign-in/two-factor", "sign-in/recovery-code", "sign-in/forgot-password", "sign-in/reset-password",
        "sign-in/single-sign-on",
        // Addresses used before, each a redirect to its new one (which applies its own rule).
        "preparation/{id:int}", "Account/SignIn", "Account/SignInTwoFactor", "Account/SignInRecoveryCode", "Account/ForgotPassword",
        "Account/ResetPassword", "Account/SingleSignOn", "Account/SignOut", "api", "api/{documentName}/openapi.json", "Language", "error/{code:int?}", "health/live", "health/ready", "calendar/{secret}",
        // A reminder mail's one-click unsubscribe: its sealed token is the only key, and it can only turn reminder mails off.
        "unsubscribe/{token}",
        // Prometheus's scrape: its own guard lets in the configured networks or the token (TelemetryTests), 403 for anyone else.
        "metrics",
        // Says only that nothing is there (a problem detail), whoever asks.
        "api/v1/{**path}",
    ];

    [Fact]
    public void OnlyTheAllowListIsAnonymous()
    {
        var endpoints = AppEndpoints.Routed(shared.App.Services);

        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .Distinct()
            .Order()
            .ToList();

        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<IAllowAnonymous>() is null);
        Assert.Equal(AnonymousAllowList.Order(), anonymous);
    }

    [Fact]
    public void EveryEndpoint_HasAnExplicitRule()
    {
        var endpoints = AppEndpoints.Routed(shared.App.Services);

        // Either on the anonymous allow-list, or carrying an [Authorize] rule of its own: nothing
        // rests on the fallback policy alone.
        var withoutRule = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .Distinct()
            .Order()
            .ToList();

        Assert.Empty(withoutRule);
    }
}
