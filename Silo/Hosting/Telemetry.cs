using System.Diagnostics.Metrics;
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

    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Points kept per instrument of the Orleans and runtime meters. The SDK's default of 2,000
    /// allocates a 144 KB table per instrument up front, about 20 MB across these two meters whose
    /// tags (grain type, GC generation, silo) take tens of values; ours keep the default, their
    /// queue tags grow with the directory.
    /// </summary>
    public const int FrameworkCardinalityLimit = 256;

    public static WebApplicationBuilder AddContactCenterTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ContactCenterMetrics.MeterName, OrleansMeter, RuntimeMeter)
            .AddPrometheusExporter());
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
        {
            var node = services.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => StreamFor(instrument, node));
        });
        return builder;
    }

    /// <summary>
    /// The view applied to every instrument: null keeps the SDK's defaults. Meters that another
    /// host's factory made (a second node or a test cluster in the same process) are dropped: the
    /// SDK keys streams by meter and instrument name, so it would export their figures as this
    /// node's, and when that host stopped, disposing its meter would end the shared stream here too
    /// (open-telemetry/opentelemetry-dotnet#6412). Meters without a factory (the runtime's) are shared.
    /// </summary>
    public static MetricStreamConfiguration? StreamFor(Instrument instrument, IMeterFactory node)
    {
        if (instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, node))
        {
            return MetricStreamConfiguration.Drop;
        }

        return instrument.Meter.Name is OrleansMeter or RuntimeMeter
            ? new MetricStreamConfiguration { CardinalityLimit = FrameworkCardinalityLimit }
            : null;
    }

    public static IEndpointConventionBuilder MapContactCenterMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath);
}
