using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Presence;

/// <summary>Desk heartbeats: a watched desk silent past 30 seconds is lost.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeskHeartbeatTests(ClusterFixture fixture)
{
    private static readonly TimeSpan DeskTimeout = TimeSpan.FromSeconds(30);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_silent_desk_goes_offline_after_30_seconds_its_offer_returns_to_the_head_of_the_queue_and_its_connected_chat_stays_flagged()
    {
        var (dir, op) = await WatchedTextOperatorAsync();
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"), Channel.Text);
        var offeredId = await TestCalls.RegisterAsync(Grains, dir, Channel.Text);
        await TestCalls.OfferedToAsync(Grains, offeredId, dir.Id("op"));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var waitingId = await TestCalls.RegisterAsync(Grains, dir, Channel.Text);
        var waiting = Grains.GetGrain<IInteractionGrain>(waitingId);
        Assert.Equal(InteractionState.Queued, (await waiting.GetAsync()).State);

        fixture.Time.Advance(DeskTimeout - TimeSpan.FromSeconds(1));

        var lost = await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.Offline, "the silent desk is lost");
        Assert.Equal(fixture.Time.GetUtcNow(), lost.DeskLostSince);
        Assert.Null(lost.DeskDeadline);
        Assert.Empty(lost.Offers);
        Assert.Equal(connected.Id, Assert.Single(lost.Assignments).InteractionId);
        Assert.Equal(InteractionState.Connected, (await Grains.GetGrain<IInteractionGrain>(connected.Id).GetAsync()).State);

        var requeued = Grains.GetGrain<IInteractionGrain>(offeredId);
        await Eventually.MatchAsync(() => requeued.GetAsync(), v => v.State == InteractionState.Queued, "the offer goes back to the queue");
        Assert.Equal(1, (await requeued.GetPositionAsync())!.Position);
        Assert.Equal(2, (await waiting.GetPositionAsync())!.Position);

        // The desk comes back: the flag clears; signing in again takes the returned offer first.
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var back = await op.HeartbeatAsync();
        Assert.Null(back.DeskLostSince);
        Assert.Equal(OperatorStatus.Offline, back.Status);
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, offeredId, dir.Id("op"));
    }

    [Fact]
    public async Task Heartbeats_every_29_seconds_keep_the_desk_and_the_30th_silent_second_loses_it()
    {
        var (_, op) = await WatchedTextOperatorAsync();
        var started = fixture.Time.GetUtcNow();
        Assert.Equal(started + DeskTimeout, (await op.GetSnapshotAsync()).DeskDeadline);

        for (var beat = 1; beat <= 3; beat++)
        {
            fixture.Time.Advance(DeskTimeout - TimeSpan.FromSeconds(1));
            var alive = await op.HeartbeatAsync();
            Assert.Equal(OperatorStatus.Available, alive.Status);
            Assert.Equal(fixture.Time.GetUtcNow() + DeskTimeout, alive.DeskDeadline);
        }

        fixture.Time.Advance(DeskTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(OperatorStatus.Available, (await op.GetSnapshotAsync()).Status);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var lost = await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.Offline, "the desk is lost");
        Assert.Equal(started + 4 * (DeskTimeout - TimeSpan.FromSeconds(1)) + TimeSpan.FromSeconds(1), lost.DeskLostSince);
    }

    [Fact]
    public async Task Any_desk_action_counts_as_a_heartbeat_of_a_watched_desk()
    {
        var (_, op) = await WatchedTextOperatorAsync();

        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        await op.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        await op.DeskActiveAsync();

        // One-way: an answered call behind it makes sure it arrived before the clock moves on.
        var expected = fixture.Time.GetUtcNow() + DeskTimeout;
        await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.DeskDeadline == expected, "the one-way desk call arrives");
        fixture.Time.Advance(TimeSpan.FromSeconds(20));

        var kept = await op.GetSnapshotAsync();
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.Break), (kept.Status, kept.Reason));
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromSeconds(10), kept.DeskDeadline);
    }

    [Fact]
    public async Task A_desk_that_never_sent_a_heartbeat_is_not_watched_and_signing_out_stops_watching()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("quiet").Operator("leaving");
        await dir.ApplyAsync(Grains);
        var quiet = Grains.GetGrain<IOperatorGrain>(dir.Id("quiet"));
        var leaving = Grains.GetGrain<IOperatorGrain>(dir.Id("leaving"));
        await quiet.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await leaving.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await leaving.HeartbeatAsync();
        await leaving.SignOutAsync();
        await leaving.SignInAsync(OperatorStatus.Available, NotReadyReason.None);

        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null((await quiet.GetSnapshotAsync()).DeskDeadline);
        Assert.Equal(OperatorStatus.Available, (await quiet.GetSnapshotAsync()).Status);
        Assert.Equal(OperatorStatus.Available, (await leaving.GetSnapshotAsync()).Status);
    }

    /// <summary>A text queue with a long offer timeout (so only the desk timeout acts) and an operator taking two chats, signed in with a heartbeat.</summary>
    private async Task<(TestDirectory Dir, IOperatorGrain Operator)> WatchedTextOperatorAsync()
    {
        var dir = TestDirectory.Create().Queue("l1", channels: [Channel.Text], offerTimeout: TimeSpan.FromMinutes(5)).Operator("op", voice: 0, text: 2);
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await op.HeartbeatAsync();
        return (dir, op);
    }
}
