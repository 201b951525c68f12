using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;
using Orleans.Runtime;

namespace ContactCenter.Tests.Postgres;

/// <summary>
/// Transfer and inactivity deadlines of an interaction with no activation anywhere: only the
/// durable deadline watch can wake it. Operators are polled, never the interaction, since a
/// call would reactivate it and arm its timer without the watch's help.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LifecycleDeadlineTests(PostgresServer server)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_deactivated_interaction_still_closes_for_inactivity_from_the_deadline_watch()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 2);
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(pg.Grains);
        var op = pg.Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(pg.Grains, dir, dir.Id("op"));
        var interaction = pg.Grains.GetGrain<IInteractionGrain>(connected.Id);

        await pg.Cluster.DeactivateAsync(interaction);
        pg.Time.Advance(TimeSpan.FromMinutes(1));

        await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.AfterCallWork, "the operator goes to wrap-up", RecoveryTimeout);
        var ended = await interaction.GetAsync();
        Assert.Equal((InteractionState.WrapUp, ConversationEnd.CitizenInactive), (ended.State, ended.EndReason));
    }

    [Fact]
    public async Task A_transfer_whose_silo_dies_is_still_recorded_as_breached_and_falls_back_to_a_callback()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 3);
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second, transferFallback: TransferFallback.Callback)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(pg.Grains);
        var first = pg.Grains.GetGrain<IOperatorGrain>(dir.Id("first"));
        await first.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await pg.Grains.GetGrain<IOperatorGrain>(dir.Id("second")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var connected = await TestCalls.ConnectAsync(pg.Grains, dir, dir.Id("first"));
        var interaction = pg.Grains.GetGrain<IInteractionGrain>(connected.Id);
        await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.SecondLine, dir.Organisation));

        var l2 = pg.Grains.GetGrain<IQueueGrain>(dir.Id("l2"));
        Assert.Equal(1, (await l2.GetStatsAsync()).Waiting);
        // The interaction's own silo dies (so only the deadline watch can notice the breach); its queue joins it if it will move.
        var victim = await pg.HostOfAsync(interaction);
        await pg.TryMoveToAsync(l2, victim.SiloAddress);
        await pg.Cluster.KillSiloAsync(victim);
        pg.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        // Watched through its shard, so nothing but the deadline watch wakes the interaction:
        // the shard lets it go once it has closed for a callback.
        await Eventually.MatchAsync(
            () => TestCalls.IsWatchedAsync(pg.Grains, connected.Id),
            watched => !watched, "the breached transfer closes for a callback", RecoveryTimeout);
        var closed = await interaction.GetAsync();
        Assert.Equal((InteractionState.Closed, InteractionOutcome.CallbackRequested), (closed.State, closed.Outcome));
        var transfer = Assert.Single(closed.Transfers);
        Assert.NotNull(transfer.BreachedAt);
        Assert.Single(closed.Timeline, e => e.Kind == TimelineKind.TransferBreached);
        Assert.Equal(CallbackReason.TransferTimedOut, closed.FollowUp!.Reason);
    }

    [Fact]
    public async Task A_deactivated_callback_task_is_still_routed_at_its_time_from_the_deadline_watch()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 2);
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(pg.Grains);
        var op = pg.Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);

        // 19:00 in Moscow: the callback of a contact lost now waits for 09:00 tomorrow.
        pg.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));
        var id = await TestCalls.RegisterVoiceAsync(pg.Grains, dir);
        var plan = (await pg.Grains.GetGrain<IInteractionGrain>(id).EndByCitizenAsync(CitizenEnding.HangUp)).FollowUp!;
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero), plan.DueAt);
        await op.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);

        await pg.Cluster.DeactivateAsync(pg.Grains.GetGrain<IInteractionGrain>(plan.CallbackId));
        pg.Time.SetUtcNow(plan.DueAt);

        await Eventually.MatchAsync(
            () => op.GetSnapshotAsync(), s => s.Offers.Any(o => o.InteractionId == plan.CallbackId), "the callback is offered at its time", RecoveryTimeout);
    }
}
