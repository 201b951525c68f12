using System.Collections.Concurrent;
using ContactCenter.Api.Push;
using ContactCenter.Common;
using ContactCenter.Operators;
using ContactCenter.Presence;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Tests.Presence;

/// <summary>The Api host's presence fan-out: one board subscription per host, coalesced streams, clean-up.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PresenceHubTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Many_changes_while_a_stream_is_not_writing_reach_it_as_one_message_with_the_latest_state_of_each_operator()
    {
        var dir = TestDirectory.Create().Queue("l1");
        await dir.ApplyAsync(Grains);
        var hub = NewHub();
        using var watch = await hub.WatchAsync(dir.Organisation, null);
        await using var messages = watch.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await NextAsync(messages, "the snapshot"));
        Assert.True(messages.Current.IsSnapshot);
        var epoch = (await Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation).GetSnapshotAsync()).Epoch;

        // 40 operators change status five times each, in 200 batches, while the stream does not read.
        var statuses = new[] { OperatorStatus.Available, OperatorStatus.Busy, OperatorStatus.AfterCallWork, OperatorStatus.Busy, OperatorStatus.NotReady };
        var version = 1_000_000L;
        foreach (var status in statuses)
        {
            for (var op = 0; op < 40; op++)
            {
                var presence = new OperatorPresence($"{dir.Id("op")}{op}", $"op {op}", status, NotReadyReason.None, fixture.Time.GetUtcNow(), null, [dir.Id("l1")], version);
                await hub.OnBoardChangedAsync(dir.Organisation, new BoardUpdate(epoch, [new Stamped<OperatorPresence>(presence, ++version)], []));
            }
        }

        Assert.True(await NextAsync(messages, "the coalesced changes"));
        var changes = messages.Current;
        Assert.False(changes.IsSnapshot);
        Assert.Equal(40, changes.Operators.Count);
        Assert.All(changes.Operators, o => Assert.Equal(OperatorStatus.NotReady, o.Status));
        var queue = Assert.Single(changes.Queues);
        Assert.Equal((dir.Id("l1"), 40, 0), (queue.QueueId, queue.OperatorsByStatus[OperatorStatus.NotReady], queue.OperatorsByStatus[OperatorStatus.Busy]));
    }

    [Fact]
    public async Task Streams_of_one_host_share_one_board_subscription_and_closing_the_last_removes_it()
    {
        var dir = TestDirectory.Create().Queue("l1").Queue("l2").Operator("op");
        await dir.ApplyAsync(Grains);
        var board = Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation);
        var hub = NewHub();

        var whole = await hub.WatchAsync(dir.Organisation, null);
        var one = await hub.WatchAsync(dir.Organisation, dir.Id("l1"));
        Assert.Equal((2, 1, 1), (hub.WatchCount, hub.BoardCount, await board.GetObserverCountAsync()));

        await Grains.GetGrain<IOperatorGrain>(dir.Id("op")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await using (var messages = one.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator())
        {
            Assert.True(await NextAsync(messages, "the snapshot"));
            Assert.True(messages.Current.IsSnapshot);
            while (!messages.Current.Operators.Any(o => o.Status == OperatorStatus.Available))
            {
                Assert.True(await NextAsync(messages, "the operator signing in"));
            }
        }

        whole.Dispose();
        Assert.Equal((1, 1, 1), (hub.WatchCount, hub.BoardCount, await board.GetObserverCountAsync()));
        one.Dispose();
        one.Dispose();
        Assert.Equal((0, 0), (hub.WatchCount, hub.BoardCount));
        await Eventually.MatchAsync(() => board.GetObserverCountAsync(), n => n == 0, "the board forgets the host");
    }

    [Fact]
    public async Task A_stream_cancelled_while_waiting_for_changes_ends_and_leaves_nothing_behind()
    {
        var dir = TestDirectory.Create().Queue("l1");
        await dir.ApplyAsync(Grains);
        var hub = NewHub();
        using var cancel = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            using var watch = await hub.WatchAsync(dir.Organisation, null);
            await foreach (var _ in watch.ReadAllAsync(cancel.Token))
            {
            }
        });
        await Eventually.MatchAsync(() => Task.FromResult(hub.WatchCount), n => n == 1, "the stream is open");
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal((0, 0), (hub.WatchCount, hub.BoardCount));
        await Eventually.MatchAsync(() => Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation).GetObserverCountAsync(), n => n == 0, "the board forgets the host");
    }

    /// <summary>
    /// Orleans holds an object reference's target weakly. The Api host's container keeps its hub;
    /// here this list does, or a hub collected while a test awaits its stream would take the
    /// awaiting test with it (nothing else roots a stream waiting for a change) and the run would hang.
    /// </summary>
    private static readonly ConcurrentBag<PresenceHub> Hubs = [];

    private PresenceHub NewHub()
    {
        var hub = new PresenceHub(Grains, new DomainClock(fixture.Time), NullLogger<PresenceHub>.Instance);
        Hubs.Add(hub);
        return hub;
    }

    /// <summary>The stream's next message, or a failure naming the wait if none comes in time.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<PresenceView> messages, string what)
    {
        try
        {
            return await messages.MoveNextAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No message within {Eventually.DefaultTimeout.TotalSeconds} s: {what}");
        }
    }
}
