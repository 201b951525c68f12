using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing;

[Collection(ClusterCollection.Name)]
public sealed class QueueLimitsGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Call_outside_working_hours_is_unanswered_and_tells_when_the_queue_opens()
    {
        // Open on one weekday only, two days from now in Moscow: closed today whatever the time.
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var openDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Time.GetUtcNow(), moscow).DateTime).AddDays(2);
        var hours = new WorkingHours("Europe/Moscow", [new WorkingDay(openDay.DayOfWeek, new TimeOnly(9, 0), new TimeOnly(18, 0))], []);
        var dir = TestDirectory.Create().Queue("l1", hours: hours).Operator("ready");
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("ready"));

        var view = await RegisterAsync(dir, TestDirectory.Moscow);

        Assert.Equal(InteractionState.Closed, view.State);
        Assert.Equal(InteractionOutcome.Unanswered, view.Outcome);
        Assert.Equal(UnansweredReason.QueueClosed, view.UnansweredReason);
        Assert.Equal(new DateTimeOffset(openDay.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero), view.QueueOpensAt);
        Assert.Equal(0, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
    }

    [Fact]
    public async Task Call_to_a_queue_nobody_is_signed_in_to_is_unanswered_with_no_operators()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("at-home");
        await dir.ApplyAsync(Grains);

        var view = await RegisterAsync(dir, TestDirectory.Moscow);

        Assert.Equal(InteractionOutcome.Unanswered, view.Outcome);
        Assert.Equal(UnansweredReason.NoOperators, view.UnansweredReason);
        Assert.Null(view.QueueOpensAt);
    }

    [Fact]
    public async Task An_operator_signed_in_but_not_ready_keeps_the_queue_staffed()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);

        var view = await RegisterAsync(dir, TestDirectory.Moscow);

        Assert.Equal(InteractionState.Queued, view.State);
    }

    [Fact]
    public async Task Call_to_a_queue_holding_its_maximum_size_is_unanswered_as_queue_full()
    {
        var dir = TestDirectory.Create().Queue("l1", maxSize: 2).Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);

        var first = await RegisterAsync(dir, TestDirectory.Moscow);
        var second = await RegisterAsync(dir, TestDirectory.Moscow);
        var third = await RegisterAsync(dir, TestDirectory.Moscow);

        Assert.Equal(InteractionState.Queued, first.State);
        Assert.Equal(InteractionState.Queued, second.State);
        Assert.Equal(InteractionOutcome.Unanswered, third.Outcome);
        Assert.Equal(UnansweredReason.QueueFull, third.UnansweredReason);
        Assert.Equal(2, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
    }

    [Fact]
    public async Task Call_waiting_past_the_maximum_wait_is_unanswered_and_leaves_the_queue()
    {
        var dir = TestDirectory.Create().Queue("l1", maxWait: TimeSpan.FromMinutes(2)).Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var registered = await RegisterAsync(dir, TestDirectory.Moscow);
        Assert.Equal(InteractionState.Queued, registered.State);

        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        var view = await Eventually.MatchAsync(
            () => Grains.GetGrain<IInteractionGrain>(registered.Id).GetAsync(), v => v.State == InteractionState.Closed, "interaction closed");
        Assert.Equal(InteractionOutcome.Unanswered, view.Outcome);
        Assert.Equal(UnansweredReason.MaxWaitExceeded, view.UnansweredReason);
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        Assert.Null(await queue.GetPositionAsync(registered.Id));

        // What waits now, if anything, is the callback task, which has no maximum wait.
        var callback = await Grains.GetGrain<IInteractionGrain>(view.FollowUp!.CallbackId).GetAsync();
        Assert.Equal(callback.State == InteractionState.Queued ? 1 : 0, (await queue.GetStatsAsync()).Waiting);
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.NotEqual(InteractionState.Closed, (await Grains.GetGrain<IInteractionGrain>(callback.Id).GetAsync()).State);
    }

    private Task SignInAsync(string operatorId) =>
        Grains.GetGrain<IOperatorGrain>(operatorId).SignInAsync(OperatorStatus.Available, NotReadyReason.None).AsTask();

    private async Task<InteractionView> RegisterAsync(TestDirectory dir, string region)
    {
        var registration = new Registration(Channel.Voice, "+79001234567", region, "ru", null, dir.Organisation, [], TimeSpan.Zero);
        return await Grains.GetGrain<IInteractionGrain>($"{dir.Id("i")}-{Guid.NewGuid():N}").RegisterAsync(registration);
    }
}
