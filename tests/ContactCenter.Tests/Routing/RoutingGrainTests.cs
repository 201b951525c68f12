using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing;

[Collection(ClusterCollection.Name)]
public sealed class RoutingGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_registered_call_is_offered_to_the_available_operator_who_serves_the_citizens_region()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Operator("moscow", regions: [TestDirectory.Moscow])
            .Operator("novosibirsk", regions: [TestDirectory.Novosibirsk]);
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("moscow"));
        await SignInAsync(dir.Id("novosibirsk"));

        var id = await RegisterAsync(dir, Channel.Voice, TestDirectory.Novosibirsk);

        var offered = await WaitForStateAsync(id, InteractionState.Offered);
        Assert.Equal(dir.Id("novosibirsk"), offered.OperatorId);
        Assert.Equal(dir.Id("l1"), offered.QueueId);
    }

    [Fact]
    public async Task An_operator_without_the_required_proficiency_is_not_offered_the_call()
    {
        var dir = TestDirectory.Create()
            .Queue("l2", line: Line.Second, skills: new Dictionary<string, int> { ["pensions"] = 4 })
            .Operator("junior", skills: new Dictionary<string, int> { ["pensions"] = 2 }, lines: [Line.Second]);
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("junior"));

        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l2"));
        var entry = new WaitingEntry($"{dir.Id("w")}-1", Channel.Voice, TestDirectory.Moscow, "ru", null, 1, fixture.Time.GetUtcNow(), []);
        await queue.EnqueueAsync(entry);

        // The junior operator is a member of the queue (has the skill) but below the level.
        var snapshot = await Grains.GetGrain<IOperatorGrain>(dir.Id("junior")).GetSnapshotAsync();
        Assert.Contains(dir.Id("l2"), snapshot.QueueIds);
        Assert.Null(await queue.PeekAsync(new OperatorCandidate(
            dir.Id("junior"), [], new Dictionary<string, int> { ["pensions"] = 2 }, ["ru"], new Dictionary<Channel, int> { [Channel.Voice] = 1 }, 0, fixture.Time.GetUtcNow())));
        var stats = await queue.GetStatsAsync();
        Assert.Equal(1, stats.Waiting);
        Assert.Empty((await Grains.GetGrain<IOperatorGrain>(dir.Id("junior")).GetSnapshotAsync()).Offers);
    }

    [Fact]
    public async Task A_text_operator_holds_up_to_the_text_capacity_and_the_next_chat_waits()
    {
        var dir = TestDirectory.Create().Queue("chat", channels: [Channel.Text]).Operator("typist", text: 3);
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("typist"));

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            // Distinct arrival times: with equal ones the queue orders by id, and a slow match would offer the 4th first.
            fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
            ids.Add(await RegisterAsync(dir, Channel.Text, TestDirectory.Moscow));
        }

        var typist = Grains.GetGrain<IOperatorGrain>(dir.Id("typist"));
        var busy = await Eventually.MatchAsync(() => typist.GetSnapshotAsync(), s => s.Offers.Count == 3, "three chats offered");
        Assert.Equal(OperatorStatus.Busy, busy.Status);
        Assert.Equal(ids.Take(3).Order(), busy.Offers.Select(o => o.InteractionId).Order());
        Assert.Equal(InteractionState.Queued, (await Grains.GetGrain<IInteractionGrain>(ids[3]).GetAsync()).State);
    }

    [Fact]
    public async Task An_operator_freeing_up_takes_the_highest_priority_interaction_across_all_its_queues()
    {
        var dir = TestDirectory.Create()
            .Queue("chat-low", priority: 1, channels: [Channel.Text])
            .Queue("voice-high", priority: 5, channels: [Channel.Voice])
            .Operator("both");
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("both"));

        var first = await RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow);
        await WaitForStateAsync(first, InteractionState.Offered);
        await Grains.GetGrain<IInteractionGrain>(first).AcceptAsync(dir.Id("both"));

        // Both wait while the operator talks: the chat arrived first, the call has the higher priority.
        var chat = await RegisterAsync(dir, Channel.Text, TestDirectory.Moscow);
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var call = await RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow);

        await Grains.GetGrain<IInteractionGrain>(first).CompleteAsync(dir.Id("both"), new Completion(["pension"], "explained", null));

        var offered = await WaitForStateAsync(call, InteractionState.Offered);
        Assert.Equal(dir.Id("both"), offered.OperatorId);
        Assert.Equal(InteractionState.Queued, (await Grains.GetGrain<IInteractionGrain>(chat).GetAsync()).State);
    }

    [Fact]
    public async Task An_offer_not_accepted_in_time_goes_back_to_the_queue_and_repeated_misses_set_not_ready()
    {
        var dir = TestDirectory.Create().Queue("l1", offerTimeout: TimeSpan.FromSeconds(30)).Operator("absent");
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("absent"));
        var id = await RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow);
        var interaction = Grains.GetGrain<IInteractionGrain>(id);
        await WaitForStateAsync(id, InteractionState.Offered);

        fixture.Time.Advance(TimeSpan.FromSeconds(31));
        await Eventually.MatchAsync(
            () => interaction.GetAsync(),
            v => v.State == InteractionState.Offered && v.Timeline.Count(e => e.Kind == TimelineKind.OfferExpired) == 1,
            "first expiry and a new offer");

        fixture.Time.Advance(TimeSpan.FromSeconds(31));
        var absent = Grains.GetGrain<IOperatorGrain>(dir.Id("absent"));
        var notReady = await Eventually.MatchAsync(() => absent.GetSnapshotAsync(), s => s.Status == OperatorStatus.NotReady, "operator set Not ready");
        Assert.Equal(NotReadyReason.NoAnswer, notReady.Reason);
        Assert.Empty(notReady.Offers);
        var view = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Queued, "interaction waiting again");
        Assert.Equal(2, view.Timeline.Count(e => e.Kind == TimelineKind.OfferExpired));
        Assert.Equal(1, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetPositionAsync(id))?.Position);
    }

    [Fact]
    public async Task A_declined_offer_goes_to_another_operator_and_not_back_to_the_one_who_declined()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first").Operator("second");
        await dir.ApplyAsync(Grains);
        await SignInAsync(dir.Id("first"));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await SignInAsync(dir.Id("second"));

        // Both must be the queue's candidates first: a contact that arrives while one is still
        // pulling goes to whoever reaches the queue first, not to the longest idle.
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        await Eventually.MatchAsync(() => queue.GetStatsAsync(), s => s.AvailableOperators == 2, "both operators listed as able to take work");
        var id = await RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow);
        var offered = await WaitForStateAsync(id, InteractionState.Offered);
        Assert.Equal(dir.Id("first"), offered.OperatorId);

        await Grains.GetGrain<IInteractionGrain>(id).DeclineAsync(dir.Id("first"));

        var reoffered = await Eventually.MatchAsync(
            () => Grains.GetGrain<IInteractionGrain>(id).GetAsync(),
            v => v.State == InteractionState.Offered && v.OperatorId == dir.Id("second"),
            "offer to the second operator");
        Assert.Contains(reoffered.Timeline, e => e.Kind == TimelineKind.OfferDeclined && e.Actor == $"operator:{dir.Id("first")}");
        Assert.Empty((await Grains.GetGrain<IOperatorGrain>(dir.Id("first")).GetSnapshotAsync()).Offers);
    }

    [Fact]
    public async Task A_citizen_who_hangs_up_in_the_queue_is_recorded_unanswered_and_leaves_the_queue()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var id = await RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow);
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        Assert.Equal(1, (await queue.GetStatsAsync()).Waiting);

        var view = await Grains.GetGrain<IInteractionGrain>(id).EndByCitizenAsync(CitizenEnding.HangUp);

        Assert.Equal(InteractionState.Closed, view.State);
        Assert.Equal(InteractionOutcome.Unanswered, view.Outcome);
        Assert.Equal(UnansweredReason.CitizenHungUp, view.UnansweredReason);
        Assert.Null(await queue.GetPositionAsync(id));
        await CallbackTakesItsPlaceAsync(queue, view);
    }

    [Fact]
    public async Task A_contact_no_queue_can_take_is_closed_as_not_routable()
    {
        var dir = TestDirectory.Create().Queue("voice-only", channels: [Channel.Voice]);
        await dir.ApplyAsync(Grains);

        var id = await RegisterAsync(dir, Channel.Video, TestDirectory.Moscow);

        var view = await Grains.GetGrain<IInteractionGrain>(id).GetAsync();
        Assert.Equal(InteractionState.Closed, view.State);
        Assert.Equal(InteractionOutcome.Unanswered, view.Outcome);
        Assert.Equal(UnansweredReason.NotRoutable, view.UnansweredReason);
        Assert.Contains(view.Timeline, e => e.Kind == TimelineKind.Unanswered);
    }

    [Fact]
    public async Task Repeating_a_registration_returns_the_same_interaction_without_routing_it_twice()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var id = $"{dir.Id("retry")}";
        var registration = Registration(dir, Channel.Voice, TestDirectory.Moscow);
        var grain = Grains.GetGrain<IInteractionGrain>(id);

        await grain.RegisterAsync(registration);
        var again = await grain.RegisterAsync(registration with { RobotTranscript = ["hello", "pension"] });

        Assert.Single(again.Timeline, e => e.Kind == TimelineKind.Registered);
        Assert.Equal(1, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
        var conflict = await Assert.ThrowsAsync<ContactCenterException>(() => grain.RegisterAsync(registration with { RegionId = TestDirectory.Novosibirsk }).AsTask());
        Assert.Equal(ErrorKind.AlreadyExists, conflict.Kind);
    }

    [Fact]
    public async Task Contacts_arriving_together_are_offered_at_once_each_to_a_different_operator()
    {
        // The queue makes these offers side by side; a second offer to an operator with room for
        // one, or an entry offered twice, would show as a shared operator or a contact left waiting.
        var dir = TestDirectory.Create().Queue("l1");
        for (var i = 0; i < 8; i++)
        {
            dir.Operator($"op{i}");
        }

        await dir.ApplyAsync(Grains);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => SignInAsync(dir.Id($"op{i}"))));

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RegisterAsync(dir, Channel.Voice, TestDirectory.Moscow)));

        var offered = await Task.WhenAll(ids.Select(id => WaitForStateAsync(id, InteractionState.Offered)));
        Assert.Equal(8, offered.Select(v => v.OperatorId).Distinct().Count());
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        var stats = await Eventually.MatchAsync(() => queue.GetStatsAsync(), s => s.Offered == 0, "no offer left in flight");
        Assert.Equal(0, stats.Waiting);
    }

    [Fact]
    public async Task A_registration_answers_with_the_place_it_entered_and_a_repeat_with_its_place_now()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("on-break");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var registration = Registration(dir, Channel.Voice, TestDirectory.Moscow);
        var first = Grains.GetGrain<IInteractionGrain>($"{dir.Id("first")}");
        var second = Grains.GetGrain<IInteractionGrain>($"{dir.Id("second")}");

        var firstPlaced = await first.RegisterAndPlaceAsync(registration);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        var secondPlaced = await second.RegisterAndPlaceAsync(registration);

        Assert.Equal(InteractionState.Queued, firstPlaced.Interaction.State);
        Assert.Equal((dir.Id("l1"), 1, 1), (firstPlaced.Position!.QueueId, firstPlaced.Position.Position, firstPlaced.Position.Waiting));
        Assert.Equal((2, 2), (secondPlaced.Position!.Position, secondPlaced.Position.Waiting));

        // The first one's place is the same, but the line behind it has grown.
        var repeated = await first.RegisterAndPlaceAsync(registration);
        Assert.Equal((1, 2), (repeated.Position!.Position, repeated.Position.Waiting));
        Assert.Single(repeated.Interaction.Timeline, e => e.Kind == TimelineKind.Registered);
    }

    private Task SignInAsync(string operatorId) =>
        Grains.GetGrain<IOperatorGrain>(operatorId).SignInAsync(OperatorStatus.Available, NotReadyReason.None).AsTask();

    private static Registration Registration(TestDirectory dir, Channel channel, string region) =>
        new(channel, "+79001234567", region, "ru", null, dir.Organisation, ["hello", "pension"], TimeSpan.FromSeconds(40));

    private async Task<string> RegisterAsync(TestDirectory dir, Channel channel, string region)
    {
        var id = $"{dir.Id("i")}-{Guid.NewGuid():N}";
        await Grains.GetGrain<IInteractionGrain>(id).RegisterAsync(Registration(dir, channel, region));
        return id;
    }

    private Task<InteractionView> WaitForStateAsync(string id, InteractionState state) =>
        Eventually.MatchAsync(() => Grains.GetGrain<IInteractionGrain>(id).GetAsync(), v => v.State == state, $"interaction {id} {state}");

    /// <summary>The queue holds nothing but the unanswered contact's callback task, when that is due already.</summary>
    private async Task CallbackTakesItsPlaceAsync(IQueueGrain queue, InteractionView unanswered)
    {
        var callback = await Grains.GetGrain<IInteractionGrain>(unanswered.FollowUp!.CallbackId).GetAsync();
        Assert.Equal(callback.State == InteractionState.Queued ? 1 : 0, (await queue.GetStatsAsync()).Waiting);
        Assert.Equal(Direction.Outbound, callback.Direction);
    }
}
