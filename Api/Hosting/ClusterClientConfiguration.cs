using ContactCenter.Silo.Hosting;
using ContactCenter.Silo.Persistence;
using Orleans.Configuration;

namespace ContactCenter.Api.Hosting;

/// <summary>The Api as an Orleans client: it finds gateways in the PostgreSQL membership table.</summary>
public static class ClusterClientConfiguration
{
    public static IHostApplicationBuilder AddContactCenterClient(this IHostApplicationBuilder builder)
    {
        var connectionString = ClusterStorage.ConnectionString(builder.Configuration)!;
        var node = SiloConfiguration.NodeOptionsFrom(builder.Configuration);
        // The gateway list comes from OrleansQuery, so a client started first applies the schema too.
        SchemaMigrationService.AddIfConfigured(builder.Services, builder.Configuration);
        // Reports are read from PostgreSQL directly: no grain stands between them and the store.
        ContactCenter.Silo.Reporting.ReportingConfiguration.AddReportReader(builder.Services, builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = node.ClusterId;
                cluster.ServiceId = node.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = ClusterStorage.Invariant;
                options.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
        });
        return builder;
    }
}
