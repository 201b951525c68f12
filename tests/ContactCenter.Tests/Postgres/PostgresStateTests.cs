using ContactCenter.Citizens;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Statistics;
using ContactCenter.Common;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Postgres;

/// <summary>What one cluster wrote to PostgreSQL, a cluster started afresh with the same service id reads back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStateTests(PostgresServer server)
{
    [Fact]
    public async Task Every_grain_class_reads_back_its_state_after_the_whole_cluster_restarts()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first").Operator("second");
        string waitingId, closedId, cardId;
        long directoryVersion;
        string serviceId;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using (var before = await PostgresCluster.StartAsync(server, silos: 2, time: time))
        {
            serviceId = before.ServiceId;
            var grains = before.Grains;
            await dir.ApplyAsync(grains);
            directoryVersion = (await grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync()).Version;
            var first = grains.GetGrain<IOperatorGrain>(dir.Id("first"));
            await first.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
            await grains.GetGrain<IOperatorGrain>(dir.Id("second")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);

            closedId = await TestCalls.RegisterVoiceAsync(grains, dir, "+79001112233");
            await Eventually.MatchAsync(() => grains.GetGrain<IInteractionGrain>(closedId).GetAsync(), v => v.State == InteractionState.Offered, "offered");
            await grains.GetGrain<IInteractionGrain>(closedId).AcceptAsync(dir.Id("first"));
            await grains.GetGrain<IInteractionGrain>(closedId).CompleteAsync(dir.Id("first"), new Completion(["pension"], "explained", null));
            await first.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);

            waitingId = await TestCalls.RegisterVoiceAsync(grains, dir, "+79001112233");
            Assert.Equal(InteractionState.Queued, (await grains.GetGrain<IInteractionGrain>(waitingId).GetAsync()).State);
            cardId = await grains.GetGrain<IPhoneIndexGrain>("+79001112233").GetOrAssignCardIdAsync();
            await Eventually.MatchAsync(
                () => grains.GetGrain<IStatisticsGrain>(StatisticsScopes.Of(StatisticsScopes.Queue, dir.Id("l1"))).GetAsync(),
                figures => figures.Today.Offered == 2, "the queue's live figures count both contacts");
        }

        // Directory, operator, queue, interaction, citizen card, phone index, the queue's live statistics and the deadline watch.
        Assert.Equal(8, await server.ScalarAsync<int>(
            "SELECT count(DISTINCT grain_type) FROM cc_grain_state WHERE service_id = @service", ("service", serviceId)));
        // No reminder per interaction: only the deadline watch's shards keep one (one or two shards here).
        Assert.Equal(0, await server.ScalarAsync<int>(
            "SELECT count(*) FROM cc_reminder WHERE service_id = @service AND reminder_name <> 'deadline-watch'", ("service", serviceId)));
        Assert.InRange(await server.ScalarAsync<int>(
            "SELECT count(*) FROM cc_reminder WHERE service_id = @service", ("service", serviceId)), 1, 2);

        await using var after = await PostgresCluster.StartAsync(server, silos: 1, serviceId: serviceId, time: time);
        var g = after.Grains;
        Assert.True((await g.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync()).Version >= directoryVersion);
        var firstAfter = await g.GetGrain<IOperatorGrain>(dir.Id("first")).GetSnapshotAsync();
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.Break), (firstAfter.Status, firstAfter.Reason));
        Assert.Contains(dir.Id("l1"), firstAfter.QueueIds);
        var closed = await g.GetGrain<IInteractionGrain>(closedId).GetAsync();
        Assert.Equal((InteractionState.Closed, InteractionOutcome.Resolved), (closed.State, closed.Outcome));
        Assert.Equal("explained", closed.Completion!.Answer);
        Assert.Equal(1, (await g.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
        var figures = await g.GetGrain<IStatisticsGrain>(StatisticsScopes.Of(StatisticsScopes.Queue, dir.Id("l1"))).GetAsync();
        Assert.Equal((2L, 1L, 1L), (figures.Today.Offered, figures.Today.Answered, figures.Today.Handled));
        Assert.Equal(cardId, await g.GetGrain<IPhoneIndexGrain>("+79001112233").GetOrAssignCardIdAsync());
        var card = await g.GetGrain<ICitizenCardGrain>(cardId).GetAsync();
        Assert.Equal(new[] { closedId, waitingId }.Order(), card.History.Select(h => h.InteractionId).Order());
    }

    [Fact]
    public async Task A_waiting_interactions_watch_survives_a_restart_and_ends_it_at_its_maximum_wait()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("resting");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        string id, serviceId;
        await using (var before = await PostgresCluster.StartAsync(server, silos: 1, time: time))
        {
            serviceId = before.ServiceId;
            await dir.ApplyAsync(before.Grains);
            await before.Grains.GetGrain<IOperatorGrain>(dir.Id("resting")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
            id = await TestCalls.RegisterVoiceAsync(before.Grains, dir, "+79005556677");
        }

        // Nobody calls the interaction after the restart: only the durable deadline watch can wake it.
        time.Advance(TimeSpan.FromMinutes(11));
        await using var after = await PostgresCluster.StartAsync(server, silos: 1, serviceId: serviceId, time: time);
        // Watched through its shard, never the interaction: the shard lets it go once it has ended.
        await Eventually.MatchAsync(
            () => TestCalls.IsWatchedAsync(after.Grains, id),
            watched => !watched, "the interaction ends on its own", TimeSpan.FromSeconds(60));

        var view = await after.Grains.GetGrain<IInteractionGrain>(id).GetAsync();
        Assert.Equal((InteractionState.Closed, InteractionOutcome.Unanswered, UnansweredReason.MaxWaitExceeded), (view.State, view.Outcome, view.UnansweredReason));
        Assert.Null(await after.Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetPositionAsync(id));

        // Its callback task is durable too, and watched until it is done.
        var callback = await after.Grains.GetGrain<IInteractionGrain>(view.FollowUp!.CallbackId).GetAsync();
        Assert.Contains(callback.State, new[] { InteractionState.Scheduled, InteractionState.Queued });
        Assert.True(await TestCalls.IsWatchedAsync(after.Grains, callback.Id));
    }

    [Fact]
    public async Task A_node_switching_between_the_grouped_and_the_AdoNet_state_provider_reads_what_the_other_wrote()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("switching");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var serviceId = PostgresCluster.NewServiceId();
        string id;
        await using (var adoNet = await StartAsync(GrainStateStore.AdoNet))
        {
            Assert.IsType<AdoNetGrainStorage>(StateStorageOf(adoNet));
            await dir.ApplyAsync(adoNet.Grains);
            await adoNet.Grains.GetGrain<IOperatorGrain>(dir.Id("switching")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
            id = await TestCalls.RegisterVoiceAsync(adoNet.Grains, dir, "+79007778899");
        }

        await using (var grouped = await StartAsync(GrainStateStore.Grouped))
        {
            Assert.IsType<PostgresGrainStorage>(StateStorageOf(grouped));
            var g = grouped.Grains;
            var snapshot = await g.GetGrain<IOperatorGrain>(dir.Id("switching")).GetSnapshotAsync();
            Assert.Equal((OperatorStatus.NotReady, NotReadyReason.Break), (snapshot.Status, snapshot.Reason));
            Assert.Equal(InteractionState.Queued, (await g.GetGrain<IInteractionGrain>(id).GetAsync()).State);

            await g.GetGrain<IOperatorGrain>(dir.Id("switching")).SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
            await Eventually.MatchAsync(() => g.GetGrain<IInteractionGrain>(id).GetAsync(), v => v.State == InteractionState.Offered, "offered");
            await g.GetGrain<IInteractionGrain>(id).AcceptAsync(dir.Id("switching"));
            await g.GetGrain<IInteractionGrain>(id).CompleteAsync(dir.Id("switching"), new Completion(["pension"], "explained", null));
        }

        await using var again = await StartAsync(GrainStateStore.AdoNet);
        var closed = await again.Grains.GetGrain<IInteractionGrain>(id).GetAsync();
        Assert.Equal((InteractionState.Closed, InteractionOutcome.Resolved, "explained"), (closed.State, closed.Outcome, closed.Completion!.Answer));
        Assert.Null(await again.Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetPositionAsync(id));

        static IGrainStorage StateStorageOf(PostgresCluster cluster) =>
            cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Interactions);

        Task<PostgresCluster> StartAsync(GrainStateStore store) => PostgresCluster.StartAsync(
            server, silos: 1, serviceId: serviceId, time: time,
            settings: new Dictionary<string, string?> { ["Database:StateStore"] = store.ToString() });
    }
}
