using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Line = ContactCenter.Model.Line;

namespace ContactCenter.Tests.Api;

/// <summary>Deferring on the desk, and supervisors listing and assigning callback tasks, over gRPC.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallbackApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_2nd_line_operator_defers_and_a_supervisor_sees_and_assigns_the_callback()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("second") });
        var id = await OnSecondLineAsync(dir);
        var callbackAt = Timestamp.FromDateTimeOffset(api.Time.GetUtcNow() + TimeSpan.FromMinutes(30));
        var defer = new DeferInteractionRequest
        {
            OperatorId = dir.Id("second"),
            InteractionId = id,
            CallbackAt = callbackAt,
            AtCitizensRequest = true,
            Note = "needs the payment history",
        };

        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.DeferInteractionAsync(new DeferInteractionRequest(defer) { CallbackAt = null }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Desk.DeferInteractionAsync(new DeferInteractionRequest(defer) { OperatorId = dir.Id("first") }).ResponseAsync);
        var deferred = await api.Desk.DeferInteractionAsync(defer);

        Assert.Equal(InteractionState.WrapUp, deferred.State);
        Assert.Equal((callbackAt, true, "needs the payment history"), (deferred.Deferral.CallbackAt, deferred.Deferral.AtCitizensRequest, deferred.Deferral.Note));
        Assert.Equal((CallbackReason.Deferred, callbackAt), (deferred.FollowUp.Reason, deferred.FollowUp.DueAt));
        Assert.NotNull(deferred.FollowUp.Deadline);
        Assert.False(deferred.FollowUp.HasDeadlineMet);
        var closed = await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest { OperatorId = dir.Id("second"), InteractionId = id, Topics = { "pension" }, Answer = "will call back" });
        Assert.Equal(InteractionOutcome.Deferred, closed.Outcome);

        var callbackId = deferred.FollowUp.CallbackId;
        var callback = await api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = callbackId });
        Assert.Equal((Direction.Outbound, InteractionState.Scheduled, id), (callback.Direction, callback.State, callback.CallbackTask.OriginId));

        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Admin.ListCallbacksAsync(new ListCallbacksRequest()).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.NotFound, api.Admin.ListCallbacksAsync(new ListCallbacksRequest { OrganisationId = dir.Id("nobody") }).ResponseAsync);
        var listed = await Eventually.MatchAsync(
            () => api.Admin.ListCallbacksAsync(new ListCallbacksRequest { OrganisationId = dir.Organisation }).ResponseAsync,
            list => list.Callbacks.Any(c => c.CallbackId == callbackId),
            "the supervisors' list shows the deferred request");
        Assert.Equal(CallbackReason.Deferred, listed.Callbacks.Single(c => c.CallbackId == callbackId).Reason);

        var assign = new AssignCallbackRequest { InteractionId = callbackId, OperatorId = dir.Id("second"), SupervisorId = "boss" };
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Supervising(dir.Organisation).AssignCallbackAsync(new AssignCallbackRequest(assign) { SupervisorId = string.Empty }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Supervising(dir.Organisation).AssignCallbackAsync(new AssignCallbackRequest(assign) { OperatorId = dir.Id("first") }).ResponseAsync);
        var assigned = await api.Supervising(dir.Organisation).AssignCallbackAsync(assign);

        Assert.Equal(dir.Id("second"), assigned.CallbackTask.AssignedOperatorId);
        Assert.Contains(assigned.Timeline, e => e.Kind == "CallbackAssigned" && e.Actor == "supervisor:boss");
        await Eventually.MatchAsync(
            () => api.Admin.ListCallbacksAsync(new ListCallbacksRequest { OrganisationId = dir.Organisation }).ResponseAsync,
            list => list.Callbacks.Single(c => c.CallbackId == callbackId).AssignedOperatorId == dir.Id("second"),
            "the list shows who it is assigned to");
    }

    /// <summary>A call answered by "first", transferred to the 2nd line and accepted by "second".</summary>
    private async Task<string> OnSecondLineAsync(TestDirectory dir)
    {
        var id = await api.RegisterAsync(dir);
        await api.AcceptWhenOfferedAsync(id, dir.Id("first"));
        await api.Desk.TransferAsync(new TransferRequest { OperatorId = dir.Id("first"), InteractionId = id, Kind = TransferKind.SecondLine, Target = dir.Organisation });
        await api.AcceptWhenOfferedAsync(id, dir.Id("second"));
        return id;
    }
}
