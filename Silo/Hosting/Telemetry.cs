using ContactCenter.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ContactCenter.Silo.Hosting;

/// <summary>OpenTelemetry metrics of the routing engine, the live figures and Orleans, scraped by Prometheus at /metrics.</summary>
public static class Telemetry
{
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddContactCenterTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ContactCenterMetrics.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointConventionBuilder MapContactCenterMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath);
}
