using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Brings the schema up to date before Orleans starts: every ADO.NET provider reads its queries
/// from OrleansQuery while starting. Registered ahead of the silo or client, and hosted services
/// start in registration order.
/// </summary>
public sealed class SchemaMigrationService(string connectionString, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await SchemaMigrator.ApplyAsync(connectionString, logger, cancellationToken);
        logger.LogInformation(
            "Schema is at version {Version} ({Applied} script(s) applied now)", SchemaMigrator.Scripts[^1].Version, applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds the migration when a database is configured and start-up migration is on.</summary>
    public static void AddIfConfigured(IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = ClusterStorage.ConnectionString(configuration);
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (connectionString is null || !options.ApplySchemaOnStart)
        {
            return;
        }

        services.AddHostedService(sp => new SchemaMigrationService(connectionString, sp.GetRequiredService<ILogger<SchemaMigrationService>>()));
    }
}
