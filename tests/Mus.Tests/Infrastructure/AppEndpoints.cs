using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Mus.Tests.Infrastructure;

/// <summary>What an application answers, split as the access tests need it.</summary>
public static class AppEndpoints
{
    /// <summary>Every page and endpoint with a rule of its own; the static files (all public) are <see cref="StaticFiles"/>.</summary>
    public static List<RouteEndpoint> Routed(IServiceProvider services) =>
        All(services).Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null).ToList();

    /// <summary>The files the build laid out under wwwroot, one endpoint per name and encoding.</summary>
    public static List<RouteEndpoint> StaticFiles(IServiceProvider services) =>
        All(services).Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();

    private static IEnumerable<RouteEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
}
