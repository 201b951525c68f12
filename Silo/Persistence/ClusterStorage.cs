using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

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

    /// <summary>Statements Npgsql prepares on each connection once they recur, unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// The connection string for the Orleans providers (membership, grain state, reminders): the
    /// configured one, with automatic preparation on. The providers send the same few statements
    /// over and over; prepared once per connection, PostgreSQL stops parsing and planning each
    /// one, which took the <c>inbound</c> scenario on PostgreSQL from 144–165 to 184–200 lifecycles/s
    /// (BENCHMARKS.md §8). A <c>Max Auto Prepare</c> in the configured string, 0 included, wins.
    /// </summary>
    public static string ProviderConnectionString(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply db/schema at start-up (safe when several nodes start at once).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;
}
