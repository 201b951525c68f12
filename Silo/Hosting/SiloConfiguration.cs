using System.Net;
using ContactCenter.Citizens;
using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Presence;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContactCenter.Silo.Hosting;

/// <summary>
/// The one place a silo is configured: the standalone Silo and the Api's embedded node both call
/// this, so the two cannot drift apart. A "ContactCenter" connection string moves membership,
/// state and reminders to PostgreSQL; without one the node is a self-contained in-memory cluster.
/// </summary>
public static class SiloConfiguration
{
    /// <summary>A whole node: the schema migration (when on PostgreSQL), then the silo.</summary>
    public static IHostApplicationBuilder AddContactCenterSilo(this IHostApplicationBuilder builder)
    {
        SchemaMigrationService.AddIfConfigured(builder.Services, builder.Configuration);
        builder.UseOrleans(silo => silo.AddContactCenter(builder.Configuration));
        return builder;
    }

    public static ISiloBuilder AddContactCenter(this ISiloBuilder silo, IConfiguration configuration)
    {
        var node = NodeOptionsFrom(configuration);
        var connectionString = ClusterStorage.ConnectionString(configuration);
        if (connectionString is null)
        {
            silo.UseLocalhostClustering(node.SiloPort, node.GatewayPort, serviceId: node.ServiceId, clusterId: node.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = node.ClusterId;
                cluster.ServiceId = node.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(node.AdvertisedAddress), node.SiloPort, node.GatewayPort);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = ClusterStorage.Invariant;
                options.ConnectionString = ClusterStorage.ProviderConnectionString(connectionString);
            });
            // How fast a dead node is noticed (Orleans' defaults unless set): Cluster:Membership:ProbeTimeout etc.
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{NodeOptions.Section}:Membership"));
        }

        return silo.AddContactCenterGrains(configuration);
    }

    /// <summary>Everything but membership: storage, reminders, dashboard and the domain's services.</summary>
    public static ISiloBuilder AddContactCenterGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = ClusterStorage.ConnectionString(configuration);
        // The providers' default is Newtonsoft JSON, which appends to the lists a state class
        // initialises instead of replacing them; the Orleans binary format follows our [Id]
        // contracts, is version tolerant and smaller. In memory too: JSON there was a fifth of the
        // node's CPU under load and most of its garbage (BENCHMARKS.md, "Load scenarios").
        if (connectionString is null)
        {
            silo.Services.TryAddSingleton<InProcessStateStore>();
        }

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (connectionString is not null && database.StateStore == GrainStateStore.Grouped)
        {
            silo.Services.AddOptions<DatabaseOptions>()
                .Bind(configuration.GetSection(DatabaseOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            silo.Services.TryAddSingleton(services => new PostgresStateStore(
                connectionString,
                services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                services.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                services.GetRequiredService<ILogger<PostgresStateStore>>()));
        }

        foreach (var storage in StorageNames.All)
        {
            if (connectionString is null)
            {
                silo.Services.AddGrainStorage(storage, InProcessGrainStorage.Create);
            }
            else if (database.StateStore == GrainStateStore.Grouped)
            {
                silo.Services.AddGrainStorage(storage, PostgresGrainStorage.Create);
            }
            else
            {
                silo.AddAdoNetGrainStorage(storage, options =>
                {
                    options.Invariant = ClusterStorage.Invariant;
                    options.ConnectionString = ClusterStorage.ProviderConnectionString(connectionString);
                });
                silo.Services.AddOptions<AdoNetGrainStorageOptions>(storage)
                    .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            }
        }

        if (connectionString is null)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = ClusterStorage.Invariant;
                options.ConnectionString = ClusterStorage.ProviderConnectionString(connectionString);
            });
        }

        // Orleans sizes the cache of remote grain addresses for a million entries and allocates its
        // table up front (about 19 MB on every node); the remote grains one node calls within a
        // while are far fewer, and a miss costs one directory lookup. Cluster:Directory:CacheSize.
        silo.Services.AddOptions<GrainDirectoryOptions>()
            .Configure(options => options.CacheSize = NodeOptions.DefaultDirectoryCacheSize)
            .Bind(configuration.GetSection($"{NodeOptions.Section}:Directory"));

        silo.AddDashboard();
        WatchedGrainCallProfiler.ReplaceDashboardFilter(silo.Services);
        silo.AddStartupTask((services, cancellationToken) =>
            services.GetRequiredService<DirectorySeeder>().SeedAsync(cancellationToken));

        silo.Services.TryAddSingleton(new StorageDurability(connectionString is not null));
        AddDomainServices(silo.Services, configuration);
        return silo;
    }

    public static NodeOptions NodeOptionsFrom(IConfiguration configuration) =>
        configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();

    private static void AddDomainServices(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(DomainClock.System);
        services.AddMetrics();
        services.TryAddSingleton<ContactCenterMetrics>();
        services.TryAddSingleton<DirectorySeeder>();
        services.AddOptions<RoutingOptions>()
            .Bind(configuration.GetSection(RoutingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<TimeLimitsOptions>()
            .Bind(configuration.GetSection(TimeLimitsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ContactCenter.Statistics.StatisticsOptions>()
            .Bind(configuration.GetSection(ContactCenter.Statistics.StatisticsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CitizensOptions>()
            .Bind(configuration.GetSection(CitizensOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PresenceOptions>()
            .Bind(configuration.GetSection(PresenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section));
        Reporting.ReportingConfiguration.AddReporting(services, configuration);
        services.TryAddSingleton<ContactCenter.Statistics.LiveFiguresCollector>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ContactCenter.Statistics.LiveFiguresCollector>());
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<PresenceRelay>(sp, TimeProvider.System));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PresenceRelay>());
        services.TryAddSingleton(sp => new DirectoryCache(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectoryOptions>>().Value.CacheTtl));
    }
}
