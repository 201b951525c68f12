using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;
using Orleans.Runtime;

namespace ContactCenter.Tests.Postgres;

/// <summary>
/// The durable deadline watch: a shard per group of interactions, one reminder each, in place of a
/// reminder per interaction. Real reminders every <see cref="PostgresCluster.BackstopPeriod"/>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DeadlineWatchTests(PostgresServer server)
{
    private static readonly TimeSpan PassTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_watch_is_saved_before_it_is_confirmed_and_an_ended_interaction_is_let_go()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 1);
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(pg.Grains);
        var op = pg.Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var waitingId = await TestCalls.RegisterVoiceAsync(pg.Grains, dir);
        var shard = TestCalls.WatchShardOf(pg.Grains, waitingId);

        // Read back from storage by a fresh activation: the watch was durable when registration answered.
        await pg.Cluster.DeactivateAsync(shard);
        Assert.True(await shard.IsWatchingAsync(waitingId));

        // An interaction that has ended but is still listed (a forget lost with a silo): the next
        // pass wakes it, it answers "not wanted", and the shard lets it go; the waiting one stays.
        await op.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(pg.Grains, waitingId, dir.Id("op"));
        var interaction = pg.Grains.GetGrain<IInteractionGrain>(waitingId);
        await interaction.AcceptAsync(dir.Id("op"));
        await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));
        Assert.False(await shard.IsWatchingAsync(waitingId));
        await shard.WatchAsync(waitingId);
        Assert.True(await shard.IsWatchingAsync(waitingId));

        await Eventually.MatchAsync(() => shard.IsWatchingAsync(waitingId), watched => !watched, "the ended interaction is let go", PassTimeout);
        Assert.Equal(InteractionState.Closed, (await interaction.GetAsync()).State);
    }

    [Fact]
    public async Task A_backstop_reminder_stored_by_an_earlier_version_moves_the_interaction_to_the_watch()
    {
        await using var pg = await PostgresCluster.StartAsync(server, silos: 1);
        var dir = TestDirectory.Create().Queue("l1").Operator("resting");
        await dir.ApplyAsync(pg.Grains);
        await pg.Grains.GetGrain<IOperatorGrain>(dir.Id("resting")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var id = await TestCalls.RegisterVoiceAsync(pg.Grains, dir);
        var shard = TestCalls.WatchShardOf(pg.Grains, id);

        // As an earlier version left it: not in the watch, a reminder of its own in the table.
        await shard.ForgetAsync(id);
        Assert.False(await shard.IsWatchingAsync(id));
        var grainId = pg.Grains.GetGrain<IInteractionGrain>(id).GetGrainId();
        await server.ScalarAsync<int>(
            """
            INSERT INTO cc_reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
            VALUES (@service, @grain, 'deadline-backstop', now(), @period, @hash, 1)
            RETURNING 1
            """,
            ("service", pg.ServiceId), ("grain", grainId.ToString()), ("period", (long)PostgresCluster.BackstopPeriod.TotalMilliseconds),
            ("hash", unchecked((int)grainId.GetUniformHashCode())));

        await Eventually.MatchAsync(() => shard.IsWatchingAsync(id), watched => watched, "the old reminder's tick hands the interaction to the watch", PassTimeout);
        await Eventually.MatchAsync(
            () => server.ScalarAsync<int>(
                "SELECT count(*) FROM cc_reminder WHERE service_id = @service AND grain_id = @grain",
                ("service", pg.ServiceId), ("grain", grainId.ToString())),
            count => count == 0, "the old reminder is removed", PassTimeout);
        Assert.Equal(InteractionState.Queued, (await pg.Grains.GetGrain<IInteractionGrain>(id).GetAsync()).State);
    }
}
