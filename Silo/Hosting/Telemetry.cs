using ContactCenter.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ContactCenter.Silo.Hosting;

/// <summary>
/// OpenTelemetry metrics of the routing engine, the live figures, Orleans and the .NET runtime
/// (GC, allocations, thread pool, lock contention), scraped by Prometheus at /metrics.
/// </summary>
public static class Telemetry
{
    public const string ScrapePath = "/metrics";

    /// <summary>The runtime's own meter (.NET 9 and later): no package, its instruments are observed only when scraped.</summary>
    private const string RuntimeMeter = "System.Runtime";

    public static WebApplicationBuilder AddContactCenterTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ContactCenterMetrics.MeterName, "Microsoft.Orleans", RuntimeMeter)
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointConventionBuilder MapContactCenterMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath);
}
