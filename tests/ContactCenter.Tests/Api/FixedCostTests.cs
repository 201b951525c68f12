using System.Diagnostics.Metrics;
using ContactCenter.Silo.Hosting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orleans.Configuration;

namespace ContactCenter.Tests.Api;

/// <summary>
/// What a node holds before it carries a single call: the grain-directory cache and the metric
/// tables of the framework meters are sized for what a contact centre node uses, not the maxima.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FixedCostTests(ApiFixture api)
{
    private IMeterFactory NodeMeters => api.Services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void A_node_remembers_a_hundred_thousand_remote_grain_addresses_unless_told()
    {
        var options = api.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        Assert.Equal(NodeOptions.DefaultDirectoryCacheSize, options.CacheSize);
        Assert.Equal(100_000, options.CacheSize);
    }

    [Fact]
    public void The_directory_cache_size_is_read_from_the_cluster_section()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:Directory:CacheSize"] = "250000" });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddContactCenterGrains(builder.Configuration));
        using var host = builder.Build();

        Assert.Equal(250_000, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Theory]
    [InlineData("Microsoft.Orleans", Telemetry.FrameworkCardinalityLimit)]
    [InlineData("System.Runtime", Telemetry.FrameworkCardinalityLimit)]
    [InlineData("ContactCenter", null)]
    public void Framework_meters_keep_fewer_points_per_instrument_than_the_sdk_default(string meterName, int? limit)
    {
        using var meter = new Meter(meterName);
        var instrument = meter.CreateCounter<long>($"cc.test.points.{Guid.NewGuid():N}");

        Assert.Equal(limit, Telemetry.StreamFor(instrument, NodeMeters)?.CardinalityLimit);
    }

    [Fact]
    public void An_orleans_instrument_with_more_tag_values_than_the_limit_folds_the_rest_into_overflow()
    {
        var capture = new MetricCapture();
        using var meter = new Meter("Microsoft.Orleans");
        var name = $"cc.test.overflow.{Guid.NewGuid():N}";
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(instrument => instrument.Name == name ? Telemetry.StreamFor(instrument, NodeMeters) : MetricStreamConfiguration.Drop)
            .AddReader(capture.Reader)
            .Build();
        var counter = meter.CreateCounter<long>(name);

        for (var grainType = 0; grainType < Telemetry.FrameworkCardinalityLimit * 2; grainType++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("type", $"grain-{grainType}"));
        }

        Assert.True(capture.Reader.Collect());
        var points = capture.Points.Where(p => p.Metric == name).ToList();

        // The SDK keeps its overflow point beside the limit's worth of tagged ones.
        Assert.Equal(Telemetry.FrameworkCardinalityLimit + 1, points.Count);
        Assert.Equal(Telemetry.FrameworkCardinalityLimit * 2, points.Sum(p => p.Value));
        Assert.Contains(points, p => p.Tags.ContainsKey("otel.metric.overflow"));
    }
}
