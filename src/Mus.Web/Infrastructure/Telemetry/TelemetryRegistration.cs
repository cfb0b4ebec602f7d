using Mus.Web.Infrastructure.Settings;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mus.Web.Infrastructure.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// Traces and metrics with OpenTelemetry: ASP.NET Core, HttpClient, EF Core, the runtime and our own
    /// (<see cref="MusMetrics"/>), pushed by OTLP when an endpoint is configured, and read by Prometheus
    /// at <c>/metrics</c> from the allowed networks or with the token.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<TelemetryOptions>(TelemetryOptions.Section);
        builder.Services.AddSingleton(new MetricsGuard(options));
        builder.Services.AddSingleton<MusMetrics>();

        var version = typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString() ?? "0";
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mus", serviceVersion: version, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet =>
                {
                    // Health probes and scrapes every few seconds would drown the traces that matter.
                    aspNet.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(MetricsGuard.Path);
                    // The route's template in place of the path, and no query: a path or a query can be a key (a
                    // feed, a reset link). The route asked for, not that of an error page shown in its place.
                    aspNet.EnrichWithHttpResponse = (activity, response) =>
                    {
                        var route = RequestLog.RouteOf(response.HttpContext);
                        activity.SetTag("url.path", route ?? "(no route)");
                        activity.SetTag("url.query", null);
                        if (route is not null)
                        {
                            activity.SetTag("http.route", route);
                            activity.DisplayName = $"{response.HttpContext.Request.Method} {route}";
                        }
                    };
                })
                .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("url.full", null))
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MusMetrics.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(options.OtlpEndpoint));
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The scrape endpoint, GET only, behind its guard: 403 with a line saying how to be let in.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var guard = endpoints.ServiceProvider.GetRequiredService<MetricsGuard>();
        return endpoints.MapPrometheusScrapingEndpoint(MetricsGuard.Path, meterProvider: null, configureBranchedPipeline: scrape => scrape.Use(async (context, next) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Headers.Allow = "GET, HEAD";
                    context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                    return;
                }

                if (!guard.Allows(context))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsync("Metrics are read from the networks in Telemetry:MetricsNetworks, or with the token in Telemetry:MetricsToken.\n");
                    return;
                }

                await next();
            }), optionsName: null)
            .AllowAnonymous();
    }
}
