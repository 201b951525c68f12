using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Silo.Hosting;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// An in-process cluster whose silos keep membership, state and reminders in PostgreSQL, exactly
/// as production silos do, with a fake domain clock. Each cluster gets its own service id, so
/// tests share one database without seeing each other's rows; a second cluster with the same
/// service id sees the first one's state, which is how restarts are tested.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Short enough that a test sees a stranded interaction woken within seconds.</summary>
    public static readonly TimeSpan BackstopPeriod = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromSeconds(10);

    private PostgresCluster(InProcessTestCluster cluster, FakeTimeProvider time, string serviceId)
    {
        Cluster = cluster;
        Time = time;
        ServiceId = serviceId;
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public string ServiceId { get; }

    public IGrainFactory Grains => Cluster.Client;

    public const string TestPrefix = "cc-test-";

    public static string NewServiceId() => $"{TestPrefix}{Guid.NewGuid():N}"[..20];

    public static async Task<PostgresCluster> StartAsync(
        PostgresServer server, short silos, string? serviceId = null, FakeTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        serviceId ??= NewServiceId();
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{ClusterStorage.ConnectionStringName}"] = server.ConnectionString,
                ["Directory:SeedFile"] = string.Empty,
                ["Directory:CacheTtl"] = "00:00:00",
                ["Routing:DeadlineBackstopPeriod"] = BackstopPeriod.ToString(),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var clock = new DomainClock(time);
        var builder = new InProcessTestClusterBuilder(silos);
        UseRealMembership(builder.Options);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-{Guid.NewGuid():N}"[..32];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(clock);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = ClusterStorage.Invariant;
                options.ConnectionString = server.ConnectionString;
            });
            // A killed silo is declared dead in seconds, not the production minute.
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
            silo.Configure<ReminderOptions>(options =>
            {
                options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                // A silo taking over a dead one's reminders re-reads the table this often.
                options.RefreshReminderListPeriod = TimeSpan.FromSeconds(5);
            });
            silo.AddContactCenterGrains(configuration);
        });
        builder.ConfigureClient(client => client.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterStorage.Invariant;
            options.ConnectionString = server.ConnectionString;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var result = new PostgresCluster(cluster, time, serviceId);
        await result.Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey)
            .SeedIfEmptyAsync(TestDirectory.Shared);
        return result;
    }

    /// <summary>
    /// The in-process cluster otherwise keeps membership in its own in-memory table, which would
    /// leave the ADO.NET clustering provider untested. Its switch is internal in Orleans 10.4.2;
    /// if it is renamed this throws and the PostgreSQL tests fail rather than quietly test less.
    /// </summary>
    private static void UseRealMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone; revisit PostgresCluster");
        property.SetValue(options, false);
    }

    /// <summary>The silo holding the grain's activation right now.</summary>
    public async Task<InProcessSiloHandle> HostOfAsync(IAddressable grain)
    {
        var address = await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(address));
    }

    /// <summary>
    /// Tries to put an activation on the given silo; false when it would not move. A call or
    /// reminder tick arriving mid-migration can re-activate the grain elsewhere first, and a
    /// migration that lost that race waits forever, so each attempt is bounded. Tests pick their
    /// victim silo by where the grain that matters most already lives, and move the rest here.
    /// </summary>
    public async Task<bool> TryMoveToAsync(IAddressable grain, SiloAddress silo)
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 2 && !silo.Equals(await management.GetActivationAddress(grain)); attempt++)
        {
            try
            {
                await Cluster.MigrateAsync(grain, silo).WaitAsync(MigrationTimeout);
            }
            catch (TimeoutException)
            {
                // Checked again above.
            }
        }

        return silo.Equals(await management.GetActivationAddress(grain));
    }

    /// <summary>Until the dead silo is declared dead, calls routed to it fail; that is the outage being tested, not an error.</summary>
    public static async Task<T?> WhileRecoveringAsync<T>(Func<ValueTask<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
