using ContactCenter.Reporting;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContactCenter.Silo.Reporting;

/// <summary>
/// The reporting store on a node: with a database, the batched PostgreSQL writer and SQL reports;
/// without one, the in-memory store behind the same interfaces.
/// </summary>
public static class ReportingConfiguration
{
    /// <summary>A silo: the sink interactions report to, and the reports.</summary>
    public static void AddReporting(IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        services.TryAddSingleton<InteractionReporter>();
        var connectionString = ClusterStorage.ConnectionString(configuration);
        if (connectionString is null)
        {
            services.TryAddSingleton(sp => new InMemoryReportStore(sp.GetRequiredService<IOptions<ReportOptions>>().Value.InMemoryLimit));
            services.TryAddSingleton<IReportingSink>(sp => sp.GetRequiredService<InMemoryReportStore>());
            services.TryAddSingleton<IReportStore>(sp => sp.GetRequiredService<InMemoryReportStore>());
            return;
        }

        services.TryAddSingleton(sp => new PostgresReportingWriter(
            connectionString, sp.GetRequiredService<IOptions<ReportOptions>>(), sp.GetRequiredService<ILogger<PostgresReportingWriter>>()));
        services.TryAddSingleton<IReportingSink>(sp => sp.GetRequiredService<PostgresReportingWriter>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresReportingWriter>());
        AddPostgresReader(services, connectionString);
    }

    /// <summary>An Api host that is only a cluster client: it reads the reports straight from PostgreSQL.</summary>
    public static void AddReportReader(IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        AddPostgresReader(services, ClusterStorage.ConnectionString(configuration)
            ?? throw new InvalidOperationException($"reports need ConnectionStrings:{ClusterStorage.ConnectionStringName}"));
    }

    private static void AddPostgresReader(IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton<IReportStore>(_ => new PostgresReportStore(NpgsqlDataSource.Create(connectionString)));
        services.TryAddSingleton<ReportBuilder>();
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>()
            .Bind(configuration.GetSection(ReportOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ReportBuilder>();
    }
}
