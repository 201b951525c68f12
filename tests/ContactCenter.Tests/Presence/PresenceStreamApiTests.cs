using ContactCenter.Api.Protos;
using IPresenceBoardGrain = ContactCenter.Presence.IPresenceBoardGrain;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;

namespace ContactCenter.Tests.Presence;

/// <summary>Desk and supervisor streams over gRPC: snapshot, then changes; reconnects; clean-up.</summary>
[Collection(Api.ApiCollection.Name)]
public sealed class PresenceStreamApiTests(ApiFixture api)
{
    private SupervisorService.SupervisorServiceClient Supervisor => api.Supervision;

    [Fact]
    public async Task A_desk_stream_gets_its_snapshot_then_its_changes_in_order()
    {
        var dir = await StaffedAsync();
        var op = dir.Id("op");
        using var stream = api.Desk.Subscribe(new OperatorRequest { OperatorId = op });
        var events = stream.ResponseStream;
        var snapshot = await DeskStreams.NextAsync(events, _ => true, "the snapshot");
        Assert.Equal((DeskEventKind.Snapshot, OperatorStatus.NotReady), (snapshot.Kind, snapshot.State.Status));

        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = op, Status = OperatorStatus.Available });
        var id = await RegisterCallAsync(dir);
        var kinds = new List<DeskEventKind>();
        var sequence = snapshot.Sequence;
        while (kinds.LastOrDefault() != DeskEventKind.OfferMade)
        {
            var next = await DeskStreams.NextAsync(events, _ => true, "the next change");
            Assert.True(next.Sequence > sequence, "sequences grow");
            sequence = next.Sequence;
            kinds.Add(next.Kind);
        }

        Assert.Equal([DeskEventKind.StatusChanged, DeskEventKind.OfferMade], kinds);
        Assert.Equal(OperatorStatus.Busy, events.Current.State.Status);
        Assert.Equal(id, events.Current.Offer.InteractionId);
    }

    [Fact]
    public async Task A_reconnecting_desk_stream_gets_a_fresh_snapshot_and_a_cancelled_one_unsubscribes()
    {
        var dir = await StaffedAsync();
        var op = dir.Id("op");
        var grain = api.Grains.GetGrain<ContactCenter.Operators.IOperatorGrain>(op);
        using (var first = new CancellationTokenSource())
        {
            using var stream = api.Desk.Subscribe(new OperatorRequest { OperatorId = op }, cancellationToken: first.Token);
            Assert.Equal(OperatorStatus.NotReady, (await DeskStreams.NextAsync(stream.ResponseStream, DeskEventKind.Snapshot)).State.Status);
            Assert.Equal(1, await grain.GetDeskObserverCountAsync());
            first.Cancel();
            await Eventually.MatchAsync(() => grain.GetDeskObserverCountAsync(), n => n == 0, "the cancelled stream unsubscribes");
        }

        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = op, Status = OperatorStatus.NotReady, Reason = NotReadyReason.Lunch });

        using var again = api.Desk.Subscribe(new OperatorRequest { OperatorId = op });
        var fresh = await DeskStreams.NextAsync(again.ResponseStream, DeskEventKind.Snapshot);
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.Lunch), (fresh.State.Status, fresh.State.Reason));
    }

    [Fact]
    public async Task A_supervisor_stream_for_an_organisation_sees_an_operator_go_available_busy_after_call_work_and_available_while_a_call_is_handled()
    {
        var dir = await StaffedAsync();
        var op = dir.Id("op");
        var l1 = dir.Id("l1");
        using var stream = Supervisor.Watch(new WatchRequest { OrganisationId = dir.Organisation });
        var screen = await new SupervisorScreen(stream.ResponseStream).UntilAsync(s => s.Kinds.Count == 1, "the snapshot");
        Assert.Equal(SupervisorEventKind.Snapshot, screen.Kinds[0]);
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.Break, "op"), (screen.Operators[op].Status, screen.Operators[op].Reason, screen.Operators[op].Name));
        Assert.Equal(OperatorStatus.Offline, screen.Operators[dir.Id("idle")].Status);
        Assert.Equal([l1], screen.Queues.Keys);
        Assert.Equal((0, 1, 1), (screen.Queues[l1].Waiting, screen.Queues[l1].NotReady, screen.Queues[l1].Offline));

        // A call waits while the operator is on a break.
        var registeredAt = api.Time.GetUtcNow();
        var id = await RegisterCallAsync(dir);
        await screen.UntilAsync(s => s.Queues[l1].Waiting == 1, "the call waits");
        Assert.Equal(registeredAt, screen.Queues[l1].OldestWaitingSince.ToDateTimeOffset());

        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = op, Status = OperatorStatus.Available });
        await screen.UntilAsync(op, OperatorStatus.Busy);
        Assert.Equal(api.Time.GetUtcNow(), screen.Operators[op].Since.ToDateTimeOffset());
        await screen.UntilAsync(s => s.Queues[l1] is { Waiting: 0, Busy: 1, NotReady: 0, Available: 0 }, "the queue empties and its operator is busy");
        await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = op, InteractionId = id });

        api.Time.Advance(TimeSpan.FromSeconds(40));
        await api.Desk.EndConversationAsync(new InteractionRequest { OperatorId = op, InteractionId = id });
        await screen.UntilAsync(op, OperatorStatus.AfterCallWork);
        await screen.UntilAsync(s => s.Queues[l1] is { AfterCallWork: 1, Busy: 0 }, "after-call work in the queue's figures");

        await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest { OperatorId = op, InteractionId = id, Topics = { "pension" }, Answer = "explained" });
        await screen.UntilAsync(op, OperatorStatus.Available);
        Assert.Equal(api.Time.GetUtcNow(), screen.Operators[op].Since.ToDateTimeOffset());
        await screen.UntilAsync(s => s.Queues[l1] is { Available: 1, AfterCallWork: 0 }, "available in the queue's figures");
        // Live figures ride the same stream as their own kind of message.
        Assert.All(screen.Kinds.Skip(1), kind => Assert.Contains(kind, new[] { SupervisorEventKind.Changes, SupervisorEventKind.Figures }));
    }

    [Fact]
    public async Task A_supervisor_stream_for_a_queue_shows_only_that_queues_operators_and_a_reconnect_gets_a_fresh_snapshot()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: ContactCenter.Model.Line.Second)
            .Operator("first")
            .Operator("second", lines: [ContactCenter.Model.Line.Second]);
        await dir.ApplyAsync(api.Grains);
        await SignInAsync(dir, "first", "second");

        using (var cancel = new CancellationTokenSource())
        {
            using var stream = Supervisor.Watch(new WatchRequest { QueueId = dir.Id("l2") }, cancellationToken: cancel.Token);
            var snapshot = await DeskStreams.NextAsync(stream.ResponseStream, _ => true, "the snapshot");
            Assert.Equal([dir.Id("second")], snapshot.Operators.Select(o => o.OperatorId));
            Assert.Equal([dir.Id("l2")], snapshot.Queues.Select(q => q.QueueId));
            Assert.Equal(1, snapshot.Queues[0].Available);

            // A change outside the queue does not travel on this stream; one inside does.
            await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("first"), Status = OperatorStatus.NotReady, Reason = NotReadyReason.Meeting });
            await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("second"), Status = OperatorStatus.NotReady, Reason = NotReadyReason.Training });
            var change = await DeskStreams.NextAsync(stream.ResponseStream, e => e.Operators.Count > 0, "the 2nd-line operator's change");
            Assert.Equal(SupervisorEventKind.Changes, change.Kind);
            Assert.Equal([dir.Id("second")], change.Operators.Select(o => o.OperatorId));
            cancel.Cancel();
        }

        await Supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = dir.Id("second"), Status = OperatorStatus.Available });

        using var again = Supervisor.Watch(new WatchRequest { QueueId = dir.Id("l2") });
        var fresh = await DeskStreams.NextAsync(again.ResponseStream, _ => true, "a fresh snapshot");
        Assert.Equal(SupervisorEventKind.Snapshot, fresh.Kind);
        Assert.Equal(dir.Id("second"), Assert.Single(fresh.Operators).OperatorId);

        // The snapshot is this host's mirror of the board, which hears of changes once per
        // Presence:UpdateInterval: the forced status is in it, or in the change right behind it.
        if (fresh.Operators[0].Status != OperatorStatus.Available)
        {
            var forced = await DeskStreams.NextAsync(again.ResponseStream, e => e.Operators.Count > 0, "the forced status");
            Assert.Equal(OperatorStatus.Available, Assert.Single(forced.Operators).Status);
        }
    }

    [Fact]
    public async Task A_supervisor_stream_for_a_team_shows_only_that_teams_operators()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Operator("mine", team: "north")
            .Operator("also-mine", team: "north")
            .Operator("theirs", team: "south");
        await dir.ApplyAsync(api.Grains);
        await SignInAsync(dir, "mine", "also-mine", "theirs");

        using var stream = Supervisor.Watch(new WatchRequest { TeamId = dir.Id("north") });
        var snapshot = await DeskStreams.NextAsync(stream.ResponseStream, _ => true, "the snapshot");
        Assert.Equal([dir.Id("also-mine"), dir.Id("mine")], snapshot.Operators.Select(o => o.OperatorId).Order());
        Assert.All(snapshot.Operators, o => Assert.Equal(dir.Id("north"), o.TeamId));
        Assert.Empty(snapshot.Queues);

        // Another team's change does not travel on this stream; the team's own does.
        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("theirs"), Status = OperatorStatus.NotReady, Reason = NotReadyReason.Lunch });
        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("mine"), Status = OperatorStatus.NotReady, Reason = NotReadyReason.Training });
        var change = await DeskStreams.NextAsync(stream.ResponseStream, e => e.Operators.Count > 0, "the team member's change");
        Assert.Equal([dir.Id("mine")], change.Operators.Select(o => o.OperatorId));
        await FailsAsync(StatusCode.NotFound, new WatchRequest { TeamId = dir.Id("nobody") });
    }

    [Fact]
    public async Task A_cancelled_supervisor_stream_is_cleaned_up_and_the_hosts_board_subscription_removed()
    {
        var dir = await StaffedAsync();
        var board = api.Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        using var one = Supervisor.Watch(new WatchRequest { OrganisationId = dir.Organisation }, cancellationToken: first.Token);
        using var two = Supervisor.Watch(new WatchRequest { QueueId = dir.Id("l1") }, cancellationToken: second.Token);
        await DeskStreams.NextAsync(one.ResponseStream, _ => true, "the first snapshot");
        await DeskStreams.NextAsync(two.ResponseStream, _ => true, "the second snapshot");

        // Two streams on one host: one subscription with the cluster.
        Assert.Equal(1, await board.GetObserverCountAsync());

        first.Cancel();
        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("op"), Status = OperatorStatus.Available });
        await DeskStreams.NextAsync(two.ResponseStream, e => e.Operators.Any(o => o.Status == OperatorStatus.Available), "the remaining stream still gets changes");
        Assert.Equal(1, await board.GetObserverCountAsync());

        second.Cancel();
        await Eventually.MatchAsync(() => board.GetObserverCountAsync(), n => n == 0, "the host unsubscribes when its last stream ends");
    }

    [Fact]
    public async Task Watching_needs_an_organisation_or_queue_the_directory_knows()
    {
        await FailsAsync(StatusCode.InvalidArgument, new WatchRequest());
        await FailsAsync(StatusCode.NotFound, new WatchRequest { QueueId = "no-such-queue" });
        await FailsAsync(StatusCode.NotFound, new WatchRequest { OrganisationId = "no-such-organisation" });
    }

    [Fact]
    public async Task A_silent_desk_is_lost_on_its_own_stream_and_on_the_supervisors_and_a_heartbeat_restores_it()
    {
        var dir = await StaffedAsync();
        var op = dir.Id("op");
        await api.Desk.HeartbeatAsync(new OperatorRequest { OperatorId = op });
        using var desk = api.Desk.Subscribe(new OperatorRequest { OperatorId = op });
        using var supervisor = Supervisor.Watch(new WatchRequest { OrganisationId = dir.Organisation });
        await DeskStreams.NextAsync(desk.ResponseStream, DeskEventKind.Snapshot);
        var screen = await new SupervisorScreen(supervisor.ResponseStream).UntilAsync(s => s.Kinds.Count == 1, "the snapshot");

        api.Time.Advance(TimeSpan.FromSeconds(30));

        var lost = await DeskStreams.NextAsync(desk.ResponseStream, DeskEventKind.DeskLost);
        Assert.Equal((OperatorStatus.Offline, api.Time.GetUtcNow()), (lost.State.Status, lost.State.DeskLostSince.ToDateTimeOffset()));
        await screen.UntilAsync(op, OperatorStatus.Offline);
        Assert.Equal(api.Time.GetUtcNow(), screen.Operators[op].DeskLostSince.ToDateTimeOffset());

        var back = await api.Desk.HeartbeatAsync(new OperatorRequest { OperatorId = op });
        Assert.Null(back.DeskLostSince);
        Assert.Null((await DeskStreams.NextAsync(desk.ResponseStream, DeskEventKind.DeskRestored)).State.DeskLostSince);
        await screen.UntilAsync(s => s.Operators[op].DeskLostSince is null, "the flag clears for the supervisor");
    }

    private async Task FailsAsync(StatusCode expected, WatchRequest request)
    {
        using var stream = Supervisor.Watch(request);
        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
        Assert.Equal(expected, error.StatusCode);
    }

    /// <summary>
    /// Signs the operators in and waits until their board has heard: reports that follow each
    /// other closely reach it together a moment later (PresenceRelay), and a stream opened before
    /// that would show them in its snapshot as the board read them, then again as a change.
    /// </summary>
    private async Task SignInAsync(TestDirectory dir, params string[] names)
    {
        foreach (var name in names)
        {
            await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id(name) });
        }

        var ids = names.Select(dir.Id).ToHashSet();
        var board = api.Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation);
        await Eventually.MatchAsync(
            board.GetSnapshotAsync,
            snapshot => snapshot.Operators.Count(o => ids.Contains(o.Value.OperatorId) && o.Value.Status == ContactCenter.Operators.OperatorStatus.Available) == ids.Count,
            "the board shows the operators signed in");
    }

    /// <summary>One 1st-line queue, an operator on a break and one who never signs in.</summary>
    private async Task<TestDirectory> StaffedAsync()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op").Operator("idle");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("op"), InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Break });
        return dir;
    }

    private async Task<string> RegisterCallAsync(TestDirectory dir) =>
        (await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = "+79001234567",
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        })).Interaction.Id;
}
