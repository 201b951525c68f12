using System.Diagnostics;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL the tests can use: the one named by CC_TEST_PG (CI starts it with
/// db/start-postgres.sh), else the developer's default one from that script if it answers, else
/// a throwaway server this fixture starts with the same script on a free port and removes after.
/// Tests never skip for want of a database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string DefaultConnectionString = "Host=127.0.0.1;Port=5433;Database=contactcenter;Username=contactcenter;Password=contactcenter";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private string? _ownDataDirectory;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CC_TEST_PG");
        if (!string.IsNullOrEmpty(configured))
        {
            ConnectionString = configured;
        }
        else if (await AnswersAsync(DefaultConnectionString))
        {
            ConnectionString = DefaultConnectionString;
        }
        else
        {
            _ownDataDirectory = Path.Combine(Path.GetTempPath(), $"cc-pg-{Guid.NewGuid():N}");
            var port = FreePorts.Take(1)[0];
            var output = await RunScriptAsync("start-postgres.sh", _ownDataDirectory, port.ToString());
            ConnectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        }

        await SchemaMigrator.ApplyAsync(ConnectionString, NullLogger.Instance);
        await RemoveTestClustersAsync();
    }

    public async Task DisposeAsync()
    {
        await RemoveTestClustersAsync();
        NpgsqlConnection.ClearAllPools();
        if (_ownDataDirectory is null)
        {
            return;
        }

        await RunScriptAsync("stop-postgres.sh", _ownDataDirectory);
        System.IO.Directory.Delete(_ownDataDirectory, recursive: true);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, typeof(T));
    }

    /// <summary>Test clusters name themselves cc-test-…; a developer's own database keeps nothing of them.</summary>
    private async Task RemoveTestClustersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            DELETE FROM cc_membership_version WHERE deployment_id LIKE '{PostgresCluster.TestPrefix}%';
            DELETE FROM cc_grain_state WHERE service_id LIKE '{PostgresCluster.TestPrefix}%';
            DELETE FROM cc_reminder WHERE service_id LIKE '{PostgresCluster.TestPrefix}%';
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContactCenter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (ContactCenter.sln) is not above the test binaries");
    }

    private static async Task<bool> AnswersAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Timeout=3");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "db", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CC_PG_DATA"] = arguments[0];
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"db/{script} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
