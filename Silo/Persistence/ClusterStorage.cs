using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Whether this process keeps the cluster in PostgreSQL: a "ContactCenter" connection string
/// switches membership and reminders from memory to the ADO.NET providers, and grain state to
/// <see cref="PostgresStateStore"/> (or the ADO.NET provider, <see cref="DatabaseOptions.StateStore"/>).
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

    /// <summary>Connections the Orleans providers of one node keep open at most, unless the connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 32;

    /// <summary>
    /// The connection string for the Orleans providers (membership, grain state, reminders) and the grouped state store: the
    /// configured one with three defaults, each of which a setting of the same name in the
    /// configured string (in any spelling Npgsql accepts) overrides.
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare</c> <see cref="DefaultMaxAutoPrepare"/>: the providers send the
    /// same few statements over and over; prepared once per connection, PostgreSQL stops parsing and
    /// planning each one (144–165 → 184–200 lifecycles/s in <c>inbound</c>, BENCHMARKS.md §8).</item>
    /// <item><c>No Reset On Close</c> true: otherwise each return to the pool queues four
    /// statements (<c>CLOSE ALL</c>, <c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>RESET ALL</c>,
    /// <c>pg_advisory_unlock_all()</c>) that run before the next command, so every read and write of
    /// a grain's state cost five statements. The providers leave no session state behind (no
    /// <c>SET</c>, temporary tables, cursors or advisory locks) for the reset to clear (§10).</item>
    /// <item><c>Maximum Pool Size</c> <see cref="DefaultMaxPoolSize"/> instead of Npgsql's 100:
    /// each statement is short, and a hundred backends taking turns on a few cores spent the
    /// server's CPU on switching between them (457 → 531–578 lifecycles/s with 16–32, §10).</item>
    /// </list>
    /// </summary>
    public static string ProviderConnectionString(string connectionString)
    {
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(Canonical)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!named.Contains("MaxAutoPrepare"))
        {
            given.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!named.Contains("NoResetOnClose"))
        {
            given.NoResetOnClose = true;
        }

        if (!named.Overlaps(["MaximumPoolSize", "MaxPoolSize"]))
        {
            given.MaxPoolSize = DefaultMaxPoolSize;
        }

        return given.ConnectionString;
    }

    private static string Canonical(string key) => key.Replace(" ", string.Empty, StringComparison.Ordinal);
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply db/schema at start-up (safe when several nodes start at once).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;

    /// <summary>Which provider keeps grain state; both use the same rows, so a node may switch.</summary>
    public GrainStateStore StateStore { get; set; } = GrainStateStore.Grouped;

    /// <summary>Connections that carry grain-state batches (<see cref="GrainStateStore.Grouped"/>): each sends what is queued when it comes free.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int StateConnections { get; set; } = 2;

    /// <summary>Grain-state operations in one batch at most (<see cref="GrainStateStore.Grouped"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int StateBatchLimit { get; set; } = 100;
}

/// <summary>The provider of grain state on PostgreSQL.</summary>
public enum GrainStateStore
{
    /// <summary><see cref="PostgresStateStore"/>: concurrent grains' reads and writes share round trips and commits.</summary>
    Grouped,

    /// <summary>Orleans' ADO.NET provider: a round trip and a commit per read or write.</summary>
    AdoNet,
}
