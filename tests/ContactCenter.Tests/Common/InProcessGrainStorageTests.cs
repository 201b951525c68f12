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
}
