using ContactCenter.Common;
using ContactCenter.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace ContactCenter.Silo.Hosting;

/// <summary>
/// The one place a silo is configured: the standalone Silo and the Api's embedded node both call
/// this, so the two cannot drift apart.
/// </summary>
public static class SiloConfiguration
{
    public static ISiloBuilder AddContactCenter(this ISiloBuilder silo, IConfiguration configuration)
    {
        var node = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        silo.UseLocalhostClustering(node.SiloPort, node.GatewayPort, serviceId: node.ServiceId, clusterId: node.ClusterId);
        return silo.AddContactCenterGrains(configuration);
    }

    /// <summary>Everything but membership: storage, reminders, dashboard and the domain's services.</summary>
    public static ISiloBuilder AddContactCenterGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        foreach (var storage in StorageNames.All)
        {
            silo.AddMemoryGrainStorage(storage);
        }

        silo.UseInMemoryReminderService();
        silo.AddDashboard();
        silo.AddStartupTask((services, cancellationToken) =>
            services.GetRequiredService<DirectorySeeder>().SeedAsync(cancellationToken));

        AddDomainServices(silo.Services, configuration);
        return silo;
    }

    private static void AddDomainServices(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(DomainClock.System);
        services.TryAddSingleton<DirectorySeeder>();
        services.AddOptions<RoutingOptions>()
            .Bind(configuration.GetSection(RoutingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section));
        services.TryAddSingleton(sp => new DirectoryCache(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectoryOptions>>().Value.CacheTtl));
    }
}
