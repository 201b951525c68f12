using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Line = ContactCenter.Model.Line;

namespace ContactCenter.Tests.Api;

/// <summary>Transfers, activity, inactivity and wrap-up through the desk and gateway gRPC services.</summary>
[Collection(ApiCollection.Name)]
public sealed class LifecycleApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_call_is_transferred_breaches_the_limit_connects_on_the_2nd_line_and_closes_for_inactivity_after_wrap_up()
    {
        var dir = await StaffedAsync();
        var id = await ConnectAsync(dir, "first");

        var talking = await api.Desk.SendMessageAsync(new SendMessageRequest { OperatorId = dir.Id("first"), InteractionId = id, Text = "Which region?" });
        Assert.Equal(Timestamp.FromDateTimeOffset(api.Time.GetUtcNow() + TimeSpan.FromMinutes(1)), talking.InactivityDeadline);
        await api.Routing.ReportCitizenActivityAsync(new CitizenActivityRequest { InteractionId = id });

        var transferred = await api.Desk.TransferAsync(new TransferRequest
        {
            OperatorId = dir.Id("first"),
            InteractionId = id,
            Kind = TransferKind.SecondLine,
            Target = dir.Organisation,
            Note = "asks about her pension recalculation; agreed to identify",
        });
        Assert.Equal(InteractionState.Queued, transferred.State);
        Assert.Equal("asks about her pension recalculation; agreed to identify", transferred.Transfers[0].Note);
        Assert.Contains(transferred.Timeline, e => e.Kind == "TransferRequested" && e.Detail.EndsWith(": asks about her pension recalculation; agreed to identify"));
        Assert.Equal(dir.Id("l2"), transferred.QueueId);

        api.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var breached = await Eventually.MatchAsync(() => api.CardAsync(id), c => c.Transfers[0].BreachedAt is not null, "the breach is on the card");
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), breached.Transfers[0].ExceededBy);
        Assert.Equal(TransferFallback.RaisePriority, breached.Transfers[0].Fallback);

        await api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = dir.Id("second"), Status = OperatorStatus.Available });
        await Eventually.MatchAsync(() => api.CardAsync(id), c => c.State == InteractionState.Offered && c.OperatorId == dir.Id("second"), "offered on the 2nd line");
        var reconnected = await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = dir.Id("second"), InteractionId = id });
        Assert.Equal(dir.Id("second"), reconnected.Transfers[0].ConnectedOperatorId);

        api.Time.Advance(TimeSpan.FromMinutes(1));
        var ended = await Eventually.MatchAsync(() => api.CardAsync(id), c => c.State == InteractionState.WrapUp, "the silent call ends");
        Assert.Equal(ConversationEndReason.CitizenInactive, ended.EndReason);
        var wrapping = await api.Desk.GetStateAsync(new OperatorRequest { OperatorId = dir.Id("second") });
        Assert.Equal(OperatorStatus.AfterCallWork, wrapping.Status);
        Assert.NotNull(Assert.Single(wrapping.Assignments).WrapUpSince);

        var closed = await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest
        {
            OperatorId = dir.Id("second"),
            InteractionId = id,
            Topics = { "pension" },
            Answer = "the citizen went silent",
        });
        Assert.Equal((InteractionState.Closed, InteractionOutcome.ClosedForInactivity), (closed.State, closed.Outcome));
        Assert.NotNull(closed.WrapUpDuration);
        Assert.Equal(OperatorStatus.Available, (await api.Desk.GetStateAsync(new OperatorRequest { OperatorId = dir.Id("second") })).Status);
    }

    [Fact]
    public async Task Illegal_transitions_are_failed_preconditions_and_leave_the_card_unchanged()
    {
        var dir = await StaffedAsync();
        var id = await api.RegisterAsync(dir);
        await Eventually.MatchAsync(() => api.CardAsync(id), c => c.State == InteractionState.Offered, "offered");
        var first = new InteractionRequest { OperatorId = dir.Id("first"), InteractionId = id };
        var complete = new CompleteInteractionRequest { OperatorId = dir.Id("first"), InteractionId = id, Topics = { "pension" }, Answer = "explained" };
        var transfer = new TransferRequest { OperatorId = dir.Id("first"), InteractionId = id, Kind = TransferKind.Queue, Target = dir.Id("l1") };

        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Desk.CompleteInteractionAsync(complete).ResponseAsync);
        Assert.Equal(InteractionState.Offered, (await api.CardAsync(id)).State);

        await api.Desk.AcceptOfferAsync(first);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Desk.AcceptOfferAsync(first).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.TransferAsync(new TransferRequest(transfer) { Kind = TransferKind.Unspecified }).ResponseAsync);
        var connected = await api.CardAsync(id);
        Assert.Equal(InteractionState.Connected, connected.State);
        Assert.Single(connected.Timeline, e => e.Kind == "Connected");

        var stopped = await api.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = id, Ending = CitizenEnding.StopMessage });
        Assert.Equal((InteractionState.WrapUp, ConversationEndReason.CitizenStopped), (stopped.State, stopped.EndReason));
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Desk.EndConversationAsync(first).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Routing.ReportCitizenActivityAsync(new CitizenActivityRequest { InteractionId = id }).ResponseAsync);

        Assert.Equal(InteractionOutcome.CitizenEnded, (await api.Desk.CompleteInteractionAsync(complete)).Outcome);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Desk.TransferAsync(transfer).ResponseAsync);
        var closed = await api.CardAsync(id);
        Assert.Equal(InteractionState.Closed, closed.State);
        Assert.Empty(closed.Transfers);
    }

    private async Task<TestDirectory> StaffedAsync()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("second"), InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Break });
        return dir;
    }

    private async Task<string> ConnectAsync(TestDirectory dir, string operatorName)
    {
        var id = await api.RegisterAsync(dir);
        await api.AcceptWhenOfferedAsync(id, dir.Id(operatorName));
        return id;
    }
}
