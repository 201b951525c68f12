using ContactCenter.LoadTests.Nodes;
using ContactCenter.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// A silo in the load tool's own process, configured by the Silo's own AddContactCenterSilo (so
/// the schema migration and PostgreSQL providers apply when a connection string is given), on
/// free ports, with no seed directory: scenarios load their own.
/// </summary>
public static class InProcessSilo
{
    public static IHost Build(string clusterId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = FreePorts.Next().ToString(),
            ["Cluster:GatewayPort"] = FreePorts.Next().ToString(),
            ["Directory:SeedFile"] = string.Empty,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The runtime's start-up advice (server GC) and watchdog notes under a saturated CPU are not findings.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.AddContactCenterSilo();
        return builder.Build();
    }
}
