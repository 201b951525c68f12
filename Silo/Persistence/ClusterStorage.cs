using Microsoft.Extensions.Configuration;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Whether this process keeps the cluster in PostgreSQL: a "ContactCenter" connection string
/// switches membership, grain state and reminders from memory to the ADO.NET providers.
/// </summary>
public static class ClusterStorage
{
    public const string ConnectionStringName = "ContactCenter";

    /// <summary>The ADO.NET invariant the Orleans providers map to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString ? connectionString : null;
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply db/schema at start-up (safe when several nodes start at once).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;
}
