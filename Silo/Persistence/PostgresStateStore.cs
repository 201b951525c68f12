using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using ContactCenter.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Grain state in PostgreSQL with the reads and writes of concurrent grains grouped: every state
/// operation of a node goes into one queue, and each of a few connections sends whatever is queued
/// when it comes free as one batch, which PostgreSQL runs as one transaction with one commit. Under
/// load a lifecycle's ten writes and three reads stop costing thirteen round trips and commits each
/// (BENCHMARKS.md §10, §12); when idle a write goes alone, as before.
/// <para>
/// Nothing is acknowledged before its batch commits, so a silo's death loses no more than with one
/// transaction per write. The rows, keys, hashes, statements (the schema's <c>ReadFromStorageKey</c>,
/// <c>WriteToStorageKey</c>, <c>ClearStorageKey</c>) and payload format are the ADO.NET provider's,
/// so either provider reads what the other wrote (<c>Database:StateStore</c>).
/// </para>
/// <para>
/// A statement that fails rolls back its whole batch; the operations are then run one by one so
/// that only the failing one reports the error.
/// </para>
/// </summary>
public sealed class PostgresStateStore : IAsyncDisposable
{
    private const string QueriesSql =
        "SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey IN ('ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey')";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly int _batchLimit;
    private readonly ILogger<PostgresStateStore> _logger;
    private readonly Histogram<int> _batchSizes;
    private readonly Channel<StateOperation> _queue = Channel.CreateUnbounded<StateOperation>();
    private readonly Lock _queriesLock = new();
    private Task<Queries> _queries;
    private readonly Task[] _connectionLoops;
    private readonly OrleansDefaultHasher _hasher = new();
    private readonly ConcurrentDictionary<string, int> _stateNameHashes = new(StringComparer.Ordinal);

    public PostgresStateStore(
        string connectionString, string serviceId, DatabaseOptions options, IMeterFactory meters, ILogger<PostgresStateStore> logger)
    {
        _serviceId = serviceId;
        _batchLimit = options.StateBatchLimit;
        _logger = logger;
        _dataSource = NpgsqlDataSource.Create(ClusterStorage.ProviderConnectionString(connectionString));
        _batchSizes = meters.Create(ContactCenterMetrics.MeterName).CreateHistogram<int>(
            "cc.storage.batch.operations",
            "{operation}",
            "Grain-state reads and writes sent to PostgreSQL in one round trip and committed together",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _queries = LoadQueriesAsync();
        _connectionLoops = new Task[options.StateConnections];
        for (var i = 0; i < _connectionLoops.Length; i++)
        {
            _connectionLoops[i] = Task.Run(ConnectionLoopAsync);
        }
    }

    /// <summary>The stored row of a grain's state: <paramref name="Found"/> false when it was never written.</summary>
    public readonly record struct StoredState(bool Found, byte[]? Payload, string? ETag);

    public Task<StoredState> ReadAsync(string stateName, GrainId grainId) =>
        Enqueue(new StateOperation(StateOperationKind.Read, Key(stateName, grainId), null, null));

    /// <summary>The new ETag, or null when <paramref name="etag"/> was not the stored version (a conflict).</summary>
    public async Task<string?> WriteAsync(string stateName, GrainId grainId, string? etag, byte[] payload) =>
        (await Enqueue(new StateOperation(StateOperationKind.Write, Key(stateName, grainId), Version(etag), payload))).ETag;

    /// <summary>The new ETag of the emptied row, or null when <paramref name="etag"/> was not the stored version.</summary>
    public async Task<string?> ClearAsync(string stateName, GrainId grainId, string etag) =>
        (await Enqueue(new StateOperation(StateOperationKind.Clear, Key(stateName, grainId), Version(etag), null))).ETag;

    /// <summary>Takes no more operations, finishes what is queued, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_connectionLoops).ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private Task<StoredState> Enqueue(StateOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(PostgresStateStore), "The node's state store has stopped");
        }

        return operation.Done.Task;
    }

    private async Task ConnectionLoopAsync()
    {
        var batch = new List<StateOperation>(_batchLimit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _batchLimit && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (batch.Count == 0)
            {
                // Another connection took it.
                continue;
            }

            await RunAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task RunAsync(List<StateOperation> batch)
    {
        try
        {
            var queries = await QueriesAsync().ConfigureAwait(false);
            _batchSizes.Record(batch.Count);
            await ExecuteAsync(queries, batch).ConfigureAwait(false);
            foreach (var operation in batch)
            {
                operation.Succeed();
            }
        }
        catch (PostgresException ex) when (batch.Count > 1)
        {
            // The statement that failed rolled the batch back; alone, each learns its own fate.
            _logger.LogWarning(ex, "A batch of {Count} grain-state operations failed ({SqlState}); running them one by one", batch.Count, ex.SqlState);
            foreach (var operation in batch)
            {
                await RunAsync([operation]).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            foreach (var operation in batch)
            {
                operation.Fail(ex);
            }
        }
    }

    private async Task ExecuteAsync(Queries queries, List<StateOperation> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        foreach (var operation in batch)
        {
            command.BatchCommands.Add(operation.ToCommand(queries, _serviceId));
        }

        // Without a transaction of its own a batch is one implicit transaction: all of it commits or none.
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"PostgreSQL returned fewer results than the {batch.Count} state operations sent");
                }

                await batch[i].ReadResultAsync(reader).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The statements, read once; a failed read (the database not up yet) is tried again by the next batch.</summary>
    private Task<Queries> QueriesAsync()
    {
        lock (_queriesLock)
        {
            if (_queries.IsFaulted || _queries.IsCanceled)
            {
                _queries = LoadQueriesAsync();
            }

            return _queries;
        }
    }

    private async Task<Queries> LoadQueriesAsync()
    {
        await using var command = _dataSource.CreateCommand(QueriesSql);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            texts[reader.GetString(0)] = reader.GetString(1);
        }

        string Text(string key) => texts.TryGetValue(key, out var text)
            ? text
            : throw new InvalidOperationException($"OrleansQuery has no '{key}': the database schema (db/schema) has not been applied");

        return new Queries(Text("ReadFromStorageKey"), Text("WriteToStorageKey"), Text("ClearStorageKey"));
    }

    private static int? Version(string? etag) => etag is null ? null : int.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The row's key as the ADO.NET provider derives it: a Guid key's two little-endian halves, an
    /// integer key in the second half, any other key as text in the extension; the index hashes are
    /// the Jenkins hash (Orleans' <see cref="OrleansDefaultHasher"/>) of the key's bytes reversed and
    /// of the state name.
    /// </summary>
    private StateRowKey Key(string stateName, GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[] keyBytes;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            keyBytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(keyBytes, 0);
            n1 = BitConverter.ToInt64(keyBytes, 8);
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            keyBytes = BitConverter.GetBytes(integer);
        }
        else
        {
            extension = grainId.Key.ToString();
            keyBytes = [];
        }

        var hashed = extension is null ? keyBytes : [.. keyBytes, .. Encoding.UTF8.GetBytes(extension)];
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(hashed);
        }

        var stateNameHash = _stateNameHashes.GetOrAdd(stateName, name => _hasher.Hash(Encoding.UTF8.GetBytes(name)));
        return new StateRowKey(stateName, stateNameHash, _hasher.Hash(hashed), n0, n1, extension);
    }

    private sealed record Queries(string Read, string Write, string Clear);

    private readonly record struct StateRowKey(string StateName, int StateNameHash, int IdHash, long N0, long N1, string? Extension);

    private enum StateOperationKind
    {
        Read,
        Write,
        Clear,
    }

    private sealed class StateOperation(StateOperationKind kind, StateRowKey key, int? version, byte[]? payload)
    {
        private StoredState _result;

        // Completed from the connection's loop: the grain's continuation must not run on it.
        public TaskCompletionSource<StoredState> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public NpgsqlBatchCommand ToCommand(Queries queries, string serviceId)
        {
            var command = new NpgsqlBatchCommand(kind switch
            {
                StateOperationKind.Read => queries.Read,
                StateOperationKind.Write => queries.Write,
                _ => queries.Clear,
            });
            var parameters = command.Parameters;
            parameters.Add(new NpgsqlParameter<int>("GrainIdHash", key.IdHash));
            parameters.Add(new NpgsqlParameter<int>("GrainTypeHash", key.StateNameHash));
            parameters.Add(new NpgsqlParameter<string>("ServiceId", serviceId));
            parameters.Add(new NpgsqlParameter<long>("GrainIdN0", key.N0));
            parameters.Add(new NpgsqlParameter<long>("GrainIdN1", key.N1));
            parameters.Add(new NpgsqlParameter<string>("GrainTypeString", key.StateName));
            parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = (object?)key.Extension ?? DBNull.Value });
            if (kind != StateOperationKind.Read)
            {
                parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
            }

            if (kind == StateOperationKind.Write)
            {
                parameters.Add(new NpgsqlParameter<byte[]>("PayloadBinary", NpgsqlDbType.Bytea) { TypedValue = payload });
            }

            return command;
        }

        public async Task ReadResultAsync(NpgsqlDataReader reader)
        {
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                // Only a read answers with no row: never written.
                _result = new StoredState(false, null, null);
                return;
            }

            if (kind == StateOperationKind.Read)
            {
                var payload = await reader.IsDBNullAsync(0).ConfigureAwait(false) ? null : await reader.GetFieldValueAsync<byte[]>(0).ConfigureAwait(false);
                _result = new StoredState(true, payload, Text(reader.GetInt32(1)));
            }
            else
            {
                _result = new StoredState(true, null, await reader.IsDBNullAsync(0).ConfigureAwait(false) ? null : Text(reader.GetInt32(0)));
            }
        }

        public void Succeed() => Done.TrySetResult(_result);

        public void Fail(Exception exception) => Done.TrySetException(exception);

        private static string Text(int version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
