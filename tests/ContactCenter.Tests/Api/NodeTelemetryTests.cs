using System.Diagnostics.Metrics;
using ContactCenter.Common;
using ContactCenter.Silo.Hosting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ContactCenter.Tests.Api;

/// <summary>
/// A node's /metrics carries that node's figures. Several hosts share a process in the load
/// runner's multi-node mode and in these tests; each has its own meter factory.
/// </summary>
public sealed class NodeTelemetryTests
{
    [Fact]
    public async Task A_node_exports_only_its_own_figures_and_keeps_them_when_another_host_in_the_process_stops()
    {
        var capture = new MetricCapture();
        await using var node = NodeWithTelemetry(capture);
        _ = node.Services.GetRequiredService<MeterProvider>();
        var ours = new ContactCenterMetrics(node.Services.GetRequiredService<IMeterFactory>());
        var ourQueue = $"q-{Guid.NewGuid():N}";
        var theirQueue = $"q-{Guid.NewGuid():N}";

        var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var theirs = new ContactCenterMetrics(otherHost.GetRequiredService<IMeterFactory>());
        theirs.RoutingDecision(theirQueue, TimeSpan.FromMilliseconds(3), placed: true);
        await otherHost.DisposeAsync();

        // A scrape while the other host stops, then one after this node counts an offer. The
        // Prometheus reader collects only when scraped, so the capturing reader collects alone.
        Assert.True(capture.Reader.Collect());
        ours.RoutingDecision(ourQueue, TimeSpan.FromMilliseconds(2), placed: true);
        Assert.True(capture.Reader.Collect());

        var offers = capture.Points.Where(p => p.Metric == "cc.offers").ToList();
        Assert.Contains(offers, p => Equals(p.Tags.GetValueOrDefault("queue"), ourQueue) && p.Value == 1);
        Assert.DoesNotContain(offers, p => Equals(p.Tags.GetValueOrDefault("queue"), theirQueue));
    }

    private static WebApplication NodeWithTelemetry(MetricCapture capture)
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddContactCenterTelemetry();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddReader(capture.Reader));
        return builder.Build();
    }
}
