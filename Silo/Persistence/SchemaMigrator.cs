using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Applies the project's own schema (db/schema/NNN_name.sql, embedded in this assembly) to
/// PostgreSQL: each script once, in version order, each in its own transaction under the same
/// advisory lock db/apply-schema.sh takes, so nodes starting together (or the bash runner and a
/// node) never apply a script twice. See db/README.md "Versioning".
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Shared with db/apply-schema.sh.</summary>
    public const long AdvisoryLockKey = 7302011;

    private const string ResourcePrefix = "schema/";

    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    /// <summary>Applies what is missing; returns the versions applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        var applied = new List<int>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var script in Scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS cc_schema_version (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            await using (var check = new NpgsqlCommand("SELECT checksum FROM cc_schema_version WHERE version = @version", connection, transaction))
            {
                check.Parameters.AddWithValue("version", script.Version);
                var stored = await check.ExecuteScalarAsync(cancellationToken);
                if (stored is not null)
                {
                    if (stored is string checksum && checksum != script.Checksum)
                    {
                        logger.LogWarning(
                            "Schema script {Version} ({Name}) differs from the one applied earlier; applied scripts must not change, add a new one",
                            script.Version, script.Name);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await ExecuteAsync(
                connection, transaction,
                "INSERT INTO cc_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)",
                cancellationToken, ("version", script.Version), ("name", script.Name), ("checksum", script.Checksum));
            await transaction.CommitAsync(cancellationToken);
            applied.Add(script.Version);
            logger.LogInformation("Schema script {Version} ({Name}) applied", script.Version, script.Name);
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SchemaScript> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(script => script.Version)
            .ToList();
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two schema scripts share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}");
        }

        return scripts;
    }

    private static SchemaScript Load(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..];
        if (fileName.Length < 4 || !int.TryParse(fileName.AsSpan(0, 3), out var version) || fileName[3] != '_')
        {
            throw new InvalidOperationException($"schema script '{fileName}' must be named NNN_name.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new SchemaScript(version, fileName, new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), checksum);
    }
}

public sealed record SchemaScript(int Version, string Name, string Sql, string Checksum);
