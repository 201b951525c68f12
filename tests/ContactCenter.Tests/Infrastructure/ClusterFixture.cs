using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Silo.Hosting;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// An in-process cluster of two silos configured exactly as production silos are (minus
/// membership), with a fake domain clock the tests drive, and no directory cache delay.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly IConfiguration _configuration;

    public ClusterFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    private ClusterFixture(IReadOnlyDictionary<string, string?> settings)
    {
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Directory:SeedFile"] = string.Empty,
                ["Directory:CacheTtl"] = "00:00:00",
            })
            .AddInMemoryCollection(settings)
            .Build();
    }

    /// <summary>A cluster of its own with some settings changed, for a test that needs them; dispose it.</summary>
    public static async Task<ClusterFixture> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var fixture = new ClusterFixture(settings);
        await fixture.InitializeAsync();
        return fixture;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Holds answers of calls between grains, for tests that pin down a race.</summary>
    public ResponseGate Gate { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var clock = new DomainClock(Time);
        // Both silos keep state in one store, as one database would: a grain that reactivates on
        // the other silo finds what it saved.
        var states = new InProcessStateStore();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(clock);
            silo.Services.AddSingleton(states);
            silo.AddOutgoingGrainCallFilter(Gate);
            silo.AddContactCenterGrains(_configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey)
            .ReplaceAsync(TestDirectory.Shared);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
