using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing;

[Collection(ClusterCollection.Name)]
public sealed class QueuePartitionGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Calls_from_two_regions_of_a_split_queue_wait_in_different_queue_grains_and_are_both_served()
    {
        var dir = TestDirectory.Create()
            .Queue("l1", partitions: [TestDirectory.Moscow, TestDirectory.Novosibirsk])
            .Operator("moscow", regions: [TestDirectory.Moscow])
            .Operator("novosibirsk", regions: [TestDirectory.Novosibirsk]);
        await dir.ApplyAsync(Grains);
        var moscowPartition = $"{dir.Id("l1")}/{TestDirectory.Moscow}";
        var novosibirskPartition = $"{dir.Id("l1")}/{TestDirectory.Novosibirsk}";
        var moscowOperator = Grains.GetGrain<IOperatorGrain>(dir.Id("moscow"));
        var novosibirskOperator = Grains.GetGrain<IOperatorGrain>(dir.Id("novosibirsk"));
        Assert.Equal([moscowPartition], (await moscowOperator.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break)).QueueIds);
        Assert.Equal([novosibirskPartition], (await novosibirskOperator.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break)).QueueIds);

        var fromMoscow = await RegisterAsync(dir, TestDirectory.Moscow);
        var fromNovosibirsk = await RegisterAsync(dir, TestDirectory.Novosibirsk);

        // Callers still see the one logical queue; each call waits in its region's grain.
        Assert.Equal(dir.Id("l1"), fromMoscow.QueueId);
        Assert.Equal(dir.Id("l1"), fromNovosibirsk.QueueId);
        Assert.NotNull(await Grains.GetGrain<IQueueGrain>(moscowPartition).GetPositionAsync(fromMoscow.Id));
        Assert.Null(await Grains.GetGrain<IQueueGrain>(moscowPartition).GetPositionAsync(fromNovosibirsk.Id));
        Assert.NotNull(await Grains.GetGrain<IQueueGrain>(novosibirskPartition).GetPositionAsync(fromNovosibirsk.Id));
        Assert.Equal(0, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
        var position = await Grains.GetGrain<IInteractionGrain>(fromNovosibirsk.Id).GetPositionAsync();
        Assert.Equal(new QueuePosition(dir.Id("l1"), 1, 1, TimeSpan.FromMinutes(10)), position);

        await moscowOperator.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await novosibirskOperator.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);

        Assert.Equal(dir.Id("moscow"), (await WaitForOfferAsync(fromMoscow.Id)).OperatorId);
        Assert.Equal(dir.Id("novosibirsk"), (await WaitForOfferAsync(fromNovosibirsk.Id)).OperatorId);
    }

    [Fact]
    public async Task A_region_without_a_partition_waits_in_the_queues_own_grain_for_an_all_regions_operator()
    {
        var dir = TestDirectory.Create()
            .Queue("l1", partitions: [TestDirectory.Moscow])
            .Operator("everywhere");
        await dir.ApplyAsync(Grains);
        var everywhere = await Grains.GetGrain<IOperatorGrain>(dir.Id("everywhere")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        Assert.Equal([dir.Id("l1"), $"{dir.Id("l1")}/{TestDirectory.Moscow}"], everywhere.QueueIds.Order());

        var fromNovosibirsk = await RegisterAsync(dir, TestDirectory.Novosibirsk);

        var offered = await WaitForOfferAsync(fromNovosibirsk.Id);
        Assert.Equal(dir.Id("everywhere"), offered.OperatorId);
        Assert.Contains(offered.Timeline, e => e.Kind == TimelineKind.Offered && e.Detail!.Contains($"from {dir.Id("l1")},"));
    }

    private async Task<InteractionView> RegisterAsync(TestDirectory dir, string region)
    {
        var registration = new Registration(Channel.Voice, "+79001234567", region, "ru", null, dir.Organisation, [], TimeSpan.Zero);
        return await Grains.GetGrain<IInteractionGrain>($"{dir.Id("i")}-{Guid.NewGuid():N}").RegisterAsync(registration);
    }

    private Task<InteractionView> WaitForOfferAsync(string id) =>
        Eventually.MatchAsync(() => Grains.GetGrain<IInteractionGrain>(id).GetAsync(), v => v.State == InteractionState.Offered, $"{id} offered");
}
