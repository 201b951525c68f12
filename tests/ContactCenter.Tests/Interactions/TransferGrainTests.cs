using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Interactions;

[Collection(ClusterCollection.Name)]
public sealed class TransferGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan TransferLimit = TimeSpan.FromMinutes(1);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Transfer_that_does_not_connect_within_a_minute_is_recorded_as_breached_and_waits_ahead_with_raised_priority()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(Grains);
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Operator(dir, "second").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        // An ordinary contact already waits on the 2nd line, ahead by arrival.
        var l2 = Grains.GetGrain<IQueueGrain>(dir.Id("l2"));
        await l2.EnqueueAsync(new WaitingEntry($"{dir.Id("w")}-early", Channel.Voice, TestDirectory.Moscow, "ru", null, 1, fixture.Time.GetUtcNow() - TimeSpan.FromMinutes(1), []));

        var transferred = await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.SecondLine, dir.Organisation));

        Assert.Equal(InteractionState.Queued, transferred.State);
        Assert.Equal(dir.Id("l2"), transferred.QueueId);
        var transfer = Assert.Single(transferred.Transfers);
        Assert.Equal(transfer.RequestedAt + TransferLimit, transfer.Deadline);
        Assert.Equal(2, (await interaction.GetPositionAsync())!.Position);
        Assert.Empty((await Operator(dir, "first").GetSnapshotAsync()).Assignments);

        fixture.Time.Advance(TransferLimit + TimeSpan.FromSeconds(1));

        var breached = await Eventually.MatchAsync(
            () => interaction.GetAsync(), v => v.Transfers[0].BreachedAt is not null, "the breach is recorded");
        Assert.Equal(TimeSpan.FromSeconds(1), breached.Transfers[0].ExceededBy);
        Assert.Equal(TransferFallback.RaisePriority, breached.Transfers[0].Fallback);
        Assert.Equal(InteractionState.Queued, breached.State);
        Assert.Contains(breached.Timeline, e => e.Kind == TimelineKind.TransferBreached && e.Actor == "system");
        await Eventually.MatchAsync(() => interaction.GetPositionAsync(), p => p?.Position == 1, "the breached transfer moves to the head of the line");

        await Operator(dir, "second").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, connected.Id, dir.Id("second"));
        var reconnected = await interaction.AcceptAsync(dir.Id("second"));
        Assert.Equal(InteractionState.Connected, reconnected.State);
        Assert.Equal(dir.Id("second"), reconnected.Transfers[0].ConnectedOperatorId);
        Assert.True(reconnected.Transfers[0].ExceededBy >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Transfer_that_does_not_connect_within_a_minute_is_recorded_as_breached_and_becomes_a_callback_when_its_queue_says_so()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second, transferFallback: TransferFallback.Callback)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(Grains);
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Operator(dir, "second").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);
        await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.SecondLine, dir.Organisation));

        fixture.Time.Advance(TransferLimit + TimeSpan.FromSeconds(5));

        var closed = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Closed, "the transfer becomes a callback");
        Assert.Equal(InteractionOutcome.CallbackRequested, closed.Outcome);
        var transfer = Assert.Single(closed.Transfers);
        Assert.Equal(TransferFallback.Callback, transfer.Fallback);
        Assert.Equal(TimeSpan.FromSeconds(5), transfer.ExceededBy);
        Assert.Null(transfer.ConnectedAt);
        Assert.Contains(closed.Timeline, e => e.Kind == TimelineKind.TransferBreached);
        Assert.Contains(closed.Timeline, e => e.Kind == TimelineKind.CallbackRequested);
        var l2 = Grains.GetGrain<IQueueGrain>(dir.Id("l2"));
        Assert.Null(await l2.GetPositionAsync(connected.Id));
        Assert.Equal(CallbackReason.TransferTimedOut, closed.FollowUp!.Reason);
        Assert.Equal(dir.Id("l2"), closed.FollowUp.QueueId);
        var callback = await Grains.GetGrain<IInteractionGrain>(closed.FollowUp.CallbackId).GetAsync();
        Assert.Equal(callback.State == InteractionState.Queued ? 1 : 0, (await l2.GetStatsAsync()).Waiting);
    }

    [Fact]
    public async Task A_transfer_to_the_first_line_of_another_organisation_connects_there_and_the_card_keeps_every_level()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first");
        var other = TestDirectory.Create().Queue("l1").Operator("colleague");
        await dir.ApplyAsync(Grains);
        await other.ApplyAsync(Grains);
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Operator(other, "colleague").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.FirstLine, other.Organisation));
        await TestCalls.OfferedToAsync(Grains, connected.Id, other.Id("colleague"));
        var view = await interaction.AcceptAsync(other.Id("colleague"));

        Assert.Equal(other.Organisation, view.OrganisationId);
        Assert.Equal(other.Id("l1"), view.QueueId);
        var transfer = Assert.Single(view.Transfers);
        Assert.Equal((dir.Id("first"), other.Id("colleague")), (transfer.FromOperatorId, transfer.ConnectedOperatorId));
        Assert.Null(transfer.BreachedAt);
        Assert.Null(transfer.ExceededBy);
        Assert.Equal(
            [TimelineKind.Registered, TimelineKind.Queued, TimelineKind.Offered, TimelineKind.Connected, TimelineKind.TransferRequested, TimelineKind.Queued, TimelineKind.Offered, TimelineKind.Connected],
            view.Timeline.Select(e => e.Kind));
        Assert.Contains(view.Timeline, e => e.Kind == TimelineKind.TransferRequested && e.Actor == $"operator:{dir.Id("first")}");
        Assert.Contains(view.Timeline, e => e.Kind == TimelineKind.Connected && e.Actor == $"operator:{other.Id("colleague")}");
    }

    [Fact]
    public async Task A_transfer_to_a_named_operator_is_offered_to_that_operator_and_refused_while_they_cannot_take_it()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first").Operator("expert");
        await dir.ApplyAsync(Grains);
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);
        await Operator(dir, "expert").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Meeting);
        var toExpert = new TransferRequest(TransferKind.Operator, dir.Id("expert"));

        var refused = await Assert.ThrowsAsync<ContactCenterException>(() => interaction.TransferAsync(dir.Id("first"), toExpert).AsTask());
        Assert.Equal(ErrorKind.FailedPrecondition, refused.Kind);
        var tooLong = await Assert.ThrowsAsync<ContactCenterException>(() => interaction.TransferAsync(dir.Id("first"), toExpert with { Note = new string('x', 2001) }).AsTask());
        Assert.Equal(ErrorKind.InvalidArgument, tooLong.Kind);
        var unchanged = await interaction.GetAsync();
        Assert.Equal((InteractionState.Connected, dir.Id("first")), (unchanged.State, unchanged.OperatorId));
        Assert.Empty(unchanged.Transfers);

        await Operator(dir, "expert").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        var offered = await interaction.TransferAsync(dir.Id("first"), toExpert);
        Assert.Equal((InteractionState.Offered, dir.Id("expert")), (offered.State, offered.OperatorId));
        var view = await interaction.AcceptAsync(dir.Id("expert"));
        Assert.Equal(dir.Id("expert"), view.Transfers[0].ConnectedOperatorId);
        Assert.Empty((await Operator(dir, "first").GetSnapshotAsync()).Assignments);
    }

    [Fact]
    public async Task A_transfer_back_to_a_queue_waits_there_for_another_operator()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first").Operator("second");
        await dir.ApplyAsync(Grains);
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Operator(dir, "second").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        var queued = await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.Queue, dir.Id("l1")));
        Assert.Equal(InteractionState.Queued, queued.State);

        // The first operator is free again but does not get back what they handed on.
        await Operator(dir, "second").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, connected.Id, dir.Id("second"));
    }

    private IOperatorGrain Operator(TestDirectory dir, string name) => Grains.GetGrain<IOperatorGrain>(dir.Id(name));
}
