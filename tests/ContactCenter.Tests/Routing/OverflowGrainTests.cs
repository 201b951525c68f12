using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing;

[Collection(ClusterCollection.Name)]
public sealed class OverflowGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Widening_the_region_lets_an_operator_of_another_region_take_the_call_only_after_its_wait()
    {
        var dir = TestDirectory.Create()
            .Queue("l1", overflow: [new OverflowStep(TimeSpan.FromSeconds(30), OverflowKind.WidenRegion)])
            .Operator("moscow", regions: [TestDirectory.Moscow]);
        await dir.ApplyAsync(Grains);

        await PassiveOverflowAsync(dir, dir.Id("moscow"), TestDirectory.Novosibirsk, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Lowering_the_proficiency_lets_a_junior_operator_take_the_call_only_after_its_wait()
    {
        var dir = TestDirectory.Create()
            .Queue(
                "l1",
                skills: new Dictionary<string, int> { ["pensions"] = 4 },
                overflow: [new OverflowStep(TimeSpan.FromSeconds(60), OverflowKind.LowerProficiency, ProficiencyDrop: 2)])
            .Operator("junior", skills: new Dictionary<string, int> { ["pensions"] = 2 });
        await dir.ApplyAsync(Grains);

        await PassiveOverflowAsync(dir, dir.Id("junior"), TestDirectory.Moscow, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Moving_to_the_overflow_queue_after_its_wait_gets_the_call_to_that_queues_operator()
    {
        var dir = TestDirectory.Create();
        dir.Queue("first", overflow: [new OverflowStep(TimeSpan.FromSeconds(45), OverflowKind.MoveToQueue, TargetQueueId: dir.Id("reserve"))])
            .Queue("reserve", skills: new Dictionary<string, int> { ["reserve"] = 1 })
            .Operator("on-break")
            .Operator("reservist", skills: new Dictionary<string, int> { ["reserve"] = 3 });
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("reservist")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var registered = await RegisterAsync(dir, TestDirectory.Moscow);
        Assert.Equal(dir.Id("first"), registered.QueueId);

        fixture.Time.Advance(TimeSpan.FromSeconds(44));
        Assert.Equal(1, (await Grains.GetGrain<IQueueGrain>(dir.Id("first")).GetStatsAsync()).Waiting);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var offered = await Eventually.MatchAsync(
            () => Grains.GetGrain<IInteractionGrain>(registered.Id).GetAsync(), v => v.State == InteractionState.Offered, "offer from the overflow queue");
        Assert.Equal(dir.Id("reservist"), offered.OperatorId);
        Assert.Equal(dir.Id("reserve"), offered.QueueId);
        Assert.Contains(offered.Timeline, e => e.Kind == TimelineKind.Overflowed && e.Detail == $"from {dir.Id("first")} to {dir.Id("reserve")}");
        Assert.Equal(0, (await Grains.GetGrain<IQueueGrain>(dir.Id("first")).GetStatsAsync()).Waiting);
    }

    [Fact]
    public async Task A_call_the_overflow_queue_refuses_stays_in_its_queue_in_its_place()
    {
        var dir = TestDirectory.Create();
        dir.Queue("first", overflow: [new OverflowStep(TimeSpan.FromSeconds(45), OverflowKind.MoveToQueue, TargetQueueId: dir.Id("reserve"))])
            .Queue("reserve", skills: new Dictionary<string, int> { ["reserve"] = 1 })
            .Operator("on-break")
            .Operator("reservist-at-home", skills: new Dictionary<string, int> { ["reserve"] = 3 });
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var registered = await RegisterAsync(dir, TestDirectory.Moscow);

        fixture.Time.Advance(TimeSpan.FromSeconds(45));

        var view = await Eventually.MatchAsync(
            () => Grains.GetGrain<IInteractionGrain>(registered.Id).GetAsync(),
            v => v.Timeline.Any(e => e.Kind == TimelineKind.Overflowed),
            "overflow attempt");
        Assert.Equal(InteractionState.Queued, view.State);
        Assert.Equal(dir.Id("first"), view.QueueId);
        Assert.Contains($"{dir.Id("reserve")} refused (NoOperators); stays in {dir.Id("first")}", view.Timeline.Last().Detail);
        Assert.Equal(1, (await Grains.GetGrain<IInteractionGrain>(registered.Id).GetPositionAsync())?.Position);
    }

    [Fact]
    public async Task The_maximum_wait_after_an_overflow_move_counts_from_the_first_arrival()
    {
        var dir = TestDirectory.Create();
        dir.Queue("first", overflow: [new OverflowStep(TimeSpan.FromSeconds(45), OverflowKind.MoveToQueue, TargetQueueId: dir.Id("reserve"))])
            .Queue("reserve", maxWait: TimeSpan.FromMinutes(1))
            .Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var registered = await RegisterAsync(dir, TestDirectory.Moscow);
        var interaction = Grains.GetGrain<IInteractionGrain>(registered.Id);

        fixture.Time.Advance(TimeSpan.FromSeconds(45));
        await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.QueueId == dir.Id("reserve"), "moved to the overflow queue");
        fixture.Time.Advance(TimeSpan.FromSeconds(15));

        var view = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Closed, "closed a minute after arrival");
        Assert.Equal(UnansweredReason.MaxWaitExceeded, view.UnansweredReason);
        Assert.Equal(registered.RegisteredAt + TimeSpan.FromMinutes(1), view.ClosedAt);
    }

    /// <summary>
    /// Registers a call the operator may not take yet, checks it is still refused just before the
    /// overflow step, then that the operator gets it once the step is due.
    /// </summary>
    private async Task PassiveOverflowAsync(TestDirectory dir, string operatorId, string region, TimeSpan after)
    {
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        var operatorGrain = Grains.GetGrain<IOperatorGrain>(operatorId);
        await operatorGrain.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Eventually.MatchAsync(() => queue.GetStatsAsync(), s => s.AvailableOperators == 1, "operator announced to the queue");

        var registered = await RegisterAsync(dir, region);
        Assert.Equal(InteractionState.Queued, registered.State);

        fixture.Time.Advance(after - TimeSpan.FromSeconds(1));
        Assert.Null(await queue.PeekAsync(Candidate(dir, operatorId)));
        Assert.Empty((await operatorGrain.GetSnapshotAsync()).Offers);
        Assert.Equal(InteractionState.Queued, (await Grains.GetGrain<IInteractionGrain>(registered.Id).GetAsync()).State);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var offered = await Eventually.MatchAsync(
            () => Grains.GetGrain<IInteractionGrain>(registered.Id).GetAsync(), v => v.State == InteractionState.Offered, "offer after the overflow step");
        Assert.Equal(operatorId, offered.OperatorId);
    }

    private static OperatorCandidate Candidate(TestDirectory dir, string operatorId)
    {
        var profile = dir.Build().Operators.Single(o => o.Id == operatorId);
        return new OperatorCandidate(profile.Id, profile.Regions, profile.Skills, profile.Languages, profile.Capacity, 0, DateTimeOffset.MinValue);
    }

    private async Task<InteractionView> RegisterAsync(TestDirectory dir, string region)
    {
        var registration = new Registration(Channel.Voice, "+79001234567", region, "ru", null, dir.Organisation, [], TimeSpan.Zero);
        return await Grains.GetGrain<IInteractionGrain>($"{dir.Id("i")}-{Guid.NewGuid():N}").RegisterAsync(registration);
    }
}
