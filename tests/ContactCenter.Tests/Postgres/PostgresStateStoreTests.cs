using ContactCenter.Citizens;
using ContactCenter.Silo.Persistence;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ContactCenter.Tests.Postgres;

/// <summary>
/// Grain state with concurrent grains' operations grouped into one transaction: the ADO.NET
/// provider's semantics and rows, fewer commits, and a failing statement that fails only itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStateStoreTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().AddMetrics().BuildServiceProvider();

    private readonly string _serviceId = PostgresCluster.NewServiceId();
    private PostgresStateStore _store = null!;
    private PostgresGrainStorage _storage = null!;
    private readonly List<NpgsqlConnection> _holders = [];

    public Task InitializeAsync()
    {
        (_store, _storage) = Open(server.ConnectionString);
        return Task.CompletedTask;
    }

    private (PostgresStateStore, PostgresGrainStorage) Open(string connectionString)
    {
        // One connection, so that a batch held up by a row lock makes the next operations queue behind it.
        var store = new PostgresStateStore(
            connectionString,
            _serviceId,
            new DatabaseOptions { StateConnections = 1 },
            Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            NullLogger<PostgresStateStore>.Instance);
        var storage = new PostgresGrainStorage(
            "citizens",
            store,
            new OrleansGrainStorageSerializer(Services.GetRequiredService<Serializer>()),
            Services.GetRequiredService<IActivatorProvider>());
        return (store, storage);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var holder in _holders)
        {
            await holder.DisposeAsync();
        }
    }

    private static GrainId Grain(string key) => GrainId.Create("cc-test-state", key);

    private static GrainState<PhoneIndexState> State(string? cardId, string? etag = null) =>
        new(new PhoneIndexState { CardId = cardId }) { ETag = etag };

    [Fact]
    public async Task A_written_state_reads_back_with_its_version_and_a_state_never_written_is_not_found()
    {
        var written = State("explained");
        await _storage.WriteStateAsync("phone-index", Grain("written"), written);
        await _storage.WriteStateAsync("phone-index", Grain("written"), written);

        var read = State("");
        await _storage.ReadStateAsync("phone-index", Grain("written"), read);
        var never = State("", etag: "left over");
        await _storage.ReadStateAsync("phone-index", Grain("never"), never);

        Assert.Equal(("explained", "2", true), (read.State!.CardId, read.ETag, read.RecordExists));
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal((null, false), (never.ETag, never.RecordExists));
        Assert.Null(never.State!.CardId);
    }

    [Fact]
    public async Task A_write_holding_an_old_version_is_refused_and_the_newer_state_stays()
    {
        var first = State("first");
        await _storage.WriteStateAsync("phone-index", Grain("stale"), first);
        var stale = first.ETag;
        await _storage.WriteStateAsync("phone-index", Grain("stale"), State("second", first.ETag));

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("phone-index", Grain("stale"), State("stale", stale)));

        var read = State("");
        await _storage.ReadStateAsync("phone-index", Grain("stale"), read);
        Assert.Equal(("second", "2"), (read.State!.CardId, read.ETag));
    }

    [Fact]
    public async Task Of_two_activations_writing_a_first_state_at_once_exactly_one_succeeds()
    {
        var outcomes = await Task.WhenAll(
            Attempt(() => _storage.WriteStateAsync("phone-index", Grain("race"), State("one"))),
            Attempt(() => _storage.WriteStateAsync("phone-index", Grain("race"), State("other"))));

        Assert.Equal(1, outcomes.Count(ok => ok));
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM cc_grain_state WHERE service_id = @service AND grain_id_ext = 'race'", ("service", _serviceId)));

        static async Task<bool> Attempt(Func<Task> write)
        {
            try
            {
                await write();
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task A_cleared_state_keeps_its_row_and_version_so_a_stale_writer_still_fails()
    {
        var state = State("to be cleared");
        await _storage.WriteStateAsync("phone-index", Grain("cleared"), state);
        var beforeClear = state.ETag;
        await _storage.ClearStateAsync("phone-index", Grain("cleared"), state);

        Assert.Equal(("2", false), (state.ETag, state.RecordExists));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("phone-index", Grain("cleared"), State("stale", beforeClear)));
        var read = State("left over");
        await _storage.ReadStateAsync("phone-index", Grain("cleared"), read);
        Assert.Equal(("2", null), (read.ETag, read.State!.CardId));
        await _storage.WriteStateAsync("phone-index", Grain("cleared"), State("after the clear", read.ETag));
    }

    [Fact]
    public async Task Operations_queued_while_the_connection_is_busy_commit_together_in_one_transaction()
    {
        await using var hold = await HoldRowAsync("held");
        var blocked = _storage.WriteStateAsync("phone-index", Grain("held"), State("behind the lock", "1"));
        await WaitUntilBlockedAsync();

        var queued = Enumerable.Range(0, 20).Select(i => _storage.WriteStateAsync("phone-index", Grain($"q-{i}"), State($"queued {i}"))).ToList();
        var read = State("");
        var queuedRead = _storage.ReadStateAsync("phone-index", Grain("held"), read);
        await hold.CommitAsync();
        await blocked;
        await Task.WhenAll(queued);
        await queuedRead;

        Assert.Equal(20L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM cc_grain_state WHERE service_id = @service AND grain_id_ext LIKE 'q-%'", ("service", _serviceId)));
        // Rows written by one transaction share its id.
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(DISTINCT xmin::text) FROM cc_grain_state WHERE service_id = @service AND grain_id_ext LIKE 'q-%'", ("service", _serviceId)));
        // The read queued after the blocked write saw it.
        Assert.Equal(("behind the lock", "2"), (read.State!.CardId, read.ETag));
    }

    [Fact]
    public async Task A_statement_that_fails_fails_only_its_own_operation_and_its_batch_mates_are_stored()
    {
        await using var hold = await HoldRowAsync("held-2");
        var blocked = _storage.WriteStateAsync("phone-index", Grain("held-2"), State("behind the lock", "1"));
        await WaitUntilBlockedAsync();

        var before = _storage.WriteStateAsync("phone-index", Grain("mate-1"), State("stored"));
        // PostgreSQL refuses a NUL character in text: the key itself is the bad input here.
        var poisoned = _storage.WriteStateAsync("phone-index", Grain("bad\0key"), State("refused"));
        var after = _storage.WriteStateAsync("phone-index", Grain("mate-2"), State("stored"));
        await hold.CommitAsync();

        await blocked;
        await before;
        await after;
        var error = await Assert.ThrowsAsync<PostgresException>(() => poisoned);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, error.SqlState);
        Assert.Equal(2L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM cc_grain_state WHERE service_id = @service AND grain_id_ext LIKE 'mate-%'", ("service", _serviceId)));
    }

    [Fact]
    public async Task After_the_store_stops_it_refuses_operations_and_what_was_queued_before_is_stored()
    {
        var queued = Enumerable.Range(0, 5).Select(i => _storage.WriteStateAsync("phone-index", Grain($"last-{i}"), State("before the stop"))).ToList();
        await _store.DisposeAsync();

        await Task.WhenAll(queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _storage.WriteStateAsync("phone-index", Grain("late"), State("after the stop")));
        Assert.Equal(5L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM cc_grain_state WHERE service_id = @service AND grain_id_ext LIKE 'last-%'", ("service", _serviceId)));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_operations_fail_and_once_it_is_back_they_succeed()
    {
        var given = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        await using var relay = new TcpRelay(given.Host!, given.Port);
        // Started while the database is away: not even the statements can be read yet.
        var (store, storage) = Open(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 2 }.ConnectionString);
        await using var _ = store;

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => storage.WriteStateAsync("phone-index", Grain("away"), State("refused")));
        relay.Open();
        var state = State("first");
        await storage.WriteStateAsync("phone-index", Grain("away"), state);
        relay.Close();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => storage.WriteStateAsync("phone-index", Grain("away"), State("lost", "1")));
        relay.Open();
        var second = State("second", "1");
        await storage.WriteStateAsync("phone-index", Grain("away"), second);

        Assert.Equal(("1", "2"), (state.ETag, second.ETag));
        var read = State(null);
        await _storage.ReadStateAsync("phone-index", Grain("away"), read);
        Assert.Equal(("second", "2"), (read.State!.CardId, read.ETag));
    }

    /// <summary>Writes the grain's first version, then locks its row in a transaction left open until committed.</summary>
    private async Task<NpgsqlTransaction> HoldRowAsync(string key)
    {
        await _storage.WriteStateAsync("phone-index", Grain(key), State("first"));
        var connection = new NpgsqlConnection(server.ConnectionString);
        _holders.Add(connection);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM cc_grain_state WHERE service_id = @service AND grain_id_ext = @key FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("key", key);
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return transaction;
    }

    private Task WaitUntilBlockedAsync() =>
        Eventually.MatchAsync(
            () => server.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%cc_grain_state%'"),
            waiting => waiting > 0,
            "the store's connection waits for the held row");
}
