using ContactCenter.Interactions;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContactCenter.Tests.Common;

/// <summary>The in-memory node's grain storage: copies on both sides, ETags checked like a database's.</summary>
public sealed class InProcessGrainStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly GrainId Grain = GrainId.Create("interaction", "i-1");

    private readonly InProcessStateStore _store = new();

    private InProcessGrainStorage Storage(string name = "interactions") => new(name, _store, Serializer);

    private static GrainState<Completion> State(Completion? completion = null, string? etag = null) =>
        new(completion ?? new Completion(["pension"], "explained", null)) { ETag = etag };

    [Fact]
    public async Task A_written_state_reads_back_as_a_copy_the_writer_can_no_longer_change()
    {
        var topics = new List<string> { "pension" };
        var written = State(new Completion(topics, "explained", "first call"));
        await Storage().WriteStateAsync("interaction", Grain, written);
        topics.Add("changed after the write");

        var read = State(new Completion([], "", null));
        await Storage().ReadStateAsync("interaction", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(["pension"], read.State!.Topics);
        Assert.Equal("first call", read.State.Comment);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task Reading_a_grain_never_written_finds_no_record_and_no_etag()
    {
        var read = State(etag: "left over");
        await Storage().ReadStateAsync("interaction", Grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_write_holding_an_old_etag_is_refused_and_the_newer_state_stays()
    {
        var first = State();
        await Storage().WriteStateAsync("interaction", Grain, first);
        var staleEtag = first.ETag;
        await Storage().WriteStateAsync("interaction", Grain, State(new Completion(["pension"], "second", null), first.ETag));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage().WriteStateAsync("interaction", Grain, State(new Completion(["pension"], "stale", null), staleEtag)));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage().WriteStateAsync("interaction", Grain, State(new Completion(["pension"], "as if new", null))));

        var read = State();
        await Storage().ReadStateAsync("interaction", Grain, read);
        Assert.Equal("second", read.State!.Answer);
    }

    [Fact]
    public async Task A_cleared_record_is_gone_and_a_fresh_write_starts_it_again()
    {
        var state = State();
        await Storage().WriteStateAsync("interaction", Grain, state);
        await Storage().ClearStateAsync("interaction", Grain, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);

        var read = State();
        await Storage().ReadStateAsync("interaction", Grain, read);
        Assert.False(read.RecordExists);

        await Storage().WriteStateAsync("interaction", Grain, State(new Completion(["pension"], "again", null)));
        await Storage().ReadStateAsync("interaction", Grain, read);
        Assert.Equal("again", read.State!.Answer);
    }

    [Fact]
    public async Task Clearing_with_an_old_etag_is_refused_and_keeps_the_record()
    {
        var state = State();
        await Storage().WriteStateAsync("interaction", Grain, state);
        var staleEtag = state.ETag;
        await Storage().WriteStateAsync("interaction", Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage().ClearStateAsync("interaction", Grain, State(etag: staleEtag)));
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public async Task Providers_and_state_names_keep_separate_records_for_one_grain()
    {
        await Storage("interactions").WriteStateAsync("interaction", Grain, State(new Completion(["a"], "interactions/interaction", null)));
        await Storage("citizens").WriteStateAsync("interaction", Grain, State(new Completion(["b"], "citizens/interaction", null)));
        await Storage("interactions").WriteStateAsync("watch", Grain, State(new Completion(["c"], "interactions/watch", null)));

        var read = State();
        await Storage("citizens").ReadStateAsync("interaction", Grain, read);
        Assert.Equal("citizens/interaction", read.State!.Answer);
        Assert.Equal(3, _store.Count);
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_succeeds()
    {
        var state = State();
        await Storage().WriteStateAsync("interaction", Grain, state);
        var etag = state.ETag;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage().WriteStateAsync("interaction", Grain, State(new Completion(["pension"], $"writer {i}", null), etag));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task A_rewrite_that_fits_keeps_the_records_buffer_and_one_that_outgrows_it_gets_room_to_grow()
    {
        var state = State(new Completion(["pension"], new string('a', 400), null));
        await Storage().WriteStateAsync("interaction", Grain, state);
        var exact = _store.CapacityBytes;

        state.State = new Completion(["pension"], new string('b', 390), null);
        await Storage().WriteStateAsync("interaction", Grain, state);
        Assert.Equal(exact, _store.CapacityBytes);

        state.State = new Completion(["pension"], new string('c', 800), null);
        await Storage().WriteStateAsync("interaction", Grain, state);
        var grown = _store.CapacityBytes;
        Assert.InRange(grown, exact + 400, 2 * exact + 400);

        state.State = new Completion(["pension"], new string('d', 850), null);
        await Storage().WriteStateAsync("interaction", Grain, state);
        Assert.Equal(grown, _store.CapacityBytes);

        var read = State();
        await Storage().ReadStateAsync("interaction", Grain, read);
        Assert.Equal(new string('d', 850), read.State!.Answer);
        Assert.Equal(["pension"], read.State.Topics);
    }

    [Fact]
    public async Task A_record_that_shrinks_to_a_fraction_of_its_buffer_gives_the_memory_back()
    {
        var state = State(new Completion(["pension"], new string('a', 4000), null));
        await Storage().WriteStateAsync("interaction", Grain, state);
        var large = _store.CapacityBytes;

        state.State = new Completion(["pension"], "short", null);
        await Storage().WriteStateAsync("interaction", Grain, state);

        Assert.True(_store.CapacityBytes < large / 4, $"{_store.CapacityBytes} bytes kept of {large}");
        var read = State();
        await Storage().ReadStateAsync("interaction", Grain, read);
        Assert.Equal("short", read.State!.Answer);
    }

    [Fact]
    public async Task Readers_racing_a_writer_read_whole_versions_only()
    {
        var state = State(new Completion(["pension"], Answer(0), null));
        await Storage().WriteStateAsync("interaction", Grain, state);
        using var stop = new CancellationTokenSource();
        using var readersRunning = new CountdownEvent(2);

        // Each version's answer is one letter repeated to a length of its own: a torn copy mixes
        // letters or lengths, or pairs a payload with another version's ETag.
        static string Answer(int version) => new((char)('a' + version % 26), 2000 + version % 1000);

        // Threads of their own, so the readers overlap the writer even on a busy pool.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var read = State();
                Storage().ReadStateAsync("interaction", Grain, read).GetAwaiter().GetResult();
                Assert.Equal(Answer(int.Parse(read.ETag!) - 1), read.State!.Answer);
                if (++reads == 1)
                {
                    readersRunning.Signal();
                }
            }

            return reads;
        }, TaskCreationOptions.LongRunning)).ToList();

        Assert.True(readersRunning.Wait(TimeSpan.FromSeconds(30)), "the readers did not start");
        for (var version = 1; version <= 20_000; version++)
        {
            state.State = new Completion(["pension"], Answer(version), null);
            await Storage().WriteStateAsync("interaction", Grain, state);
        }

        stop.Cancel();
        var reads = await Task.WhenAll(readers);
        Assert.All(reads, count => Assert.True(count > 1));
    }
}
