using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;
using Orleans.Runtime;

namespace ContactCenter.Tests.Postgres;

/// <summary>
/// A silo dies without warning (KillSiloAsync: no deactivation, no state flush) while it hosts a
/// queue and interactions in every live state. Nothing may be lost, no deadline may be forgotten
/// and no operator may end up holding more than it can.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloFailureTests(PostgresServer server)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_the_silo_that_hosts_a_queue_and_its_interactions_loses_nothing_and_double_books_no_one()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 3);
        var grains = pg.Grains;
        var dir = TestDirectory.Create().Queue("l1")
            .Operator("talking").Operator("wrapping").Operator("ringing").Operator("late");
        await dir.ApplyAsync(grains);
        IOperatorGrain Op(string name) => grains.GetGrain<IOperatorGrain>(dir.Id(name));
        IInteractionGrain Int(string id) => grains.GetGrain<IInteractionGrain>(id);

        await Op("late").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        await Op("talking").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.RegisterVoiceAsync(grains, dir);
        await OfferedToAsync(grains, connected, dir.Id("talking"));
        await Int(connected).AcceptAsync(dir.Id("talking"));

        await Op("wrapping").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var wrapUp = await TestCalls.RegisterVoiceAsync(grains, dir);
        await OfferedToAsync(grains, wrapUp, dir.Id("wrapping"));
        await Int(wrapUp).AcceptAsync(dir.Id("wrapping"));
        await Int(wrapUp).EndByCitizenAsync(CitizenEnding.HangUp);

        await Op("ringing").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var offered = await TestCalls.RegisterVoiceAsync(grains, dir);
        await OfferedToAsync(grains, offered, dir.Id("ringing"));

        var waiting = new[] { await TestCalls.RegisterVoiceAsync(grains, dir), await TestCalls.RegisterVoiceAsync(grains, dir) };
        Assert.Equal(2, (await grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);

        // The silo that dies is the one already holding most of them; the rest join it if they
        // will move (a grain busy with a reminder tick may not). Every assertion below holds
        // wherever each grain was.
        IAddressable[] hosted =
        [
            grains.GetGrain<IQueueGrain>(dir.Id("l1")), Int(offered), Int(connected), Int(wrapUp), Int(waiting[0]), Int(waiting[1]), Op("ringing"),
        ];
        var hosts = new List<Orleans.TestingHost.InProcessSiloHandle>();
        foreach (var grain in hosted)
        {
            hosts.Add(await pg.HostOfAsync(grain));
        }

        var victim = hosts.GroupBy(h => h.SiloAddress).OrderByDescending(g => g.Count()).First().First();
        foreach (var grain in hosted)
        {
            await pg.TryMoveToAsync(grain, victim.SiloAddress);
        }

        var firstExpiry = (await Op("ringing").GetSnapshotAsync()).Offers.Single(o => o.InteractionId == offered).ExpiresAt;
        await pg.Cluster.KillSiloAsync(victim);

        // The offer runs out; if its interaction died with the silo, only the durable backstop can
        // notice. The operator is polled, never the interaction, so nothing else wakes it.
        pg.Time.Advance(TimeSpan.FromSeconds(25));
        // Withdrawn, or withdrawn and offered again (possibly to the same operator, who missed only once).
        await Eventually.MatchAsync(
            () => PostgresCluster.WhileRecoveringAsync(() => Op("ringing").GetSnapshotAsync()),
            s => s is not null && s.Offers.All(o => o.InteractionId != offered || o.ExpiresAt > firstExpiry),
            "the expired offer is withdrawn from the operator", RecoveryTimeout);

        Assert.Equal((InteractionState.Connected, dir.Id("talking")), Handling(await Int(connected).GetAsync()));
        Assert.Equal((InteractionState.WrapUp, dir.Id("wrapping")), Handling(await Int(wrapUp).GetAsync()));
        var requeued = await Int(offered).GetAsync();
        Assert.Contains(requeued.Timeline, e => e.Kind == TimelineKind.OfferExpired);

        // The waiting ones are still served: free the operators and let them take everything.
        await Int(connected).CompleteAsync(dir.Id("talking"), new Completion(["pension"], "answered", null));
        await Int(wrapUp).CompleteAsync(dir.Id("wrapping"), new Completion(["pension"], "answered", null));
        await Op("late").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        var operators = new[] { "talking", "wrapping", "ringing", "late" };
        foreach (var id in waiting.Prepend(offered))
        {
            var view = await Eventually.MatchAsync(
                () => Int(id).GetAsync(), v => v.State == InteractionState.Offered,
                $"{id} is offered again after the failure", RecoveryTimeout);
            await Int(id).AcceptAsync(view.OperatorId!);
            foreach (var name in operators)
            {
                var snapshot = await Op(name).GetSnapshotAsync();
                Assert.True(snapshot.Offers.Count + snapshot.Assignments.Count <= 1, $"{name} holds {snapshot.Offers.Count} offer(s) and {snapshot.Assignments.Count} call(s) at once");
            }
        }

        var connectedOnce = new List<string>();
        foreach (var id in waiting.Prepend(offered))
        {
            var view = await Int(id).GetAsync();
            Assert.Equal(InteractionState.Connected, view.State);
            Assert.Single(view.Timeline, e => e.Kind == TimelineKind.Connected);
            connectedOnce.Add(view.OperatorId!);
        }

        Assert.Equal(3, connectedOnce.Distinct().Count());
    }

    [Fact]
    public async Task A_restarted_node_rejoins_and_grains_keep_answering_through_the_loss()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 2);
        var dir = TestDirectory.Create().Queue("l1").Operator("steady");
        await dir.ApplyAsync(pg.Grains);
        var steady = pg.Grains.GetGrain<IOperatorGrain>(dir.Id("steady"));
        await steady.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        await pg.Cluster.KillSiloAsync(await pg.HostOfAsync(steady));
        var afterLoss = await Eventually.MatchAsync(
            () => PostgresCluster.WhileRecoveringAsync(() => steady.GetSnapshotAsync()), s => s is not null, "the operator answers from a surviving silo", RecoveryTimeout);
        Assert.Equal(OperatorStatus.NotReady, afterLoss!.Status);

        var restarted = await pg.Cluster.StartAdditionalSiloAsync();
        var management = pg.Grains.GetGrain<IManagementGrain>(0);
        var hosts = await Eventually.MatchAsync(
            () => management.GetHosts(onlyActive: true), h => h.Count == 2 && h.ContainsKey(restarted.SiloAddress),
            "the restarted node is active in the membership table", RecoveryTimeout);
        Assert.Equal(2, hosts.Count);
        Assert.Equal(2, await server.ScalarAsync<int>(
            "SELECT count(*) FROM cc_membership m JOIN cc_membership_version v USING (deployment_id) WHERE m.deployment_id = @cluster AND m.status = 3",
            ("cluster", pg.Cluster.Options.ClusterId)));
    }

    private static (InteractionState, string?) Handling(InteractionView view) => (view.State, view.OperatorId);

    private static Task<InteractionView> OfferedToAsync(IGrainFactory grains, string id, string operatorId) =>
        Eventually.MatchAsync(
            () => grains.GetGrain<IInteractionGrain>(id).GetAsync(),
            v => v.State == InteractionState.Offered && v.OperatorId == operatorId, $"{id} offered to {operatorId}");
}
