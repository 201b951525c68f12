using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;

namespace ContactCenter.Tests.Presence;

/// <summary>A supervisor forces an operator's status and signs an operator out, through the gRPC API.</summary>
[Collection(Api.ApiCollection.Name)]
public sealed class SupervisorActionsApiTests(ApiFixture api)
{
    private SupervisorService.SupervisorServiceClient Supervisor => api.Supervision;

    [Fact]
    public async Task A_forced_status_is_visible_on_the_operators_own_desk_stream()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        var op = new OperatorRequest { OperatorId = dir.Id("op") };
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = op.OperatorId });
        using var stream = api.Desk.Subscribe(op);
        var events = stream.ResponseStream;
        Assert.Equal(OperatorStatus.Available, (await DeskStreams.NextAsync(events, DeskEventKind.Snapshot)).State.Status);

        var forced = await Supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = op.OperatorId, Status = OperatorStatus.NotReady });
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.ForcedBySupervisor), (forced.Status, forced.Reason));
        var seen = await DeskStreams.NextAsync(events, DeskEventKind.StatusChanged);
        Assert.Equal((OperatorStatus.NotReady, NotReadyReason.ForcedBySupervisor), (seen.State.Status, seen.State.Reason));

        await Supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = op.OperatorId, Status = OperatorStatus.Available });
        var back = await DeskStreams.NextAsync(events, DeskEventKind.StatusChanged);
        Assert.Equal((OperatorStatus.Available, NotReadyReason.Unspecified), (back.State.Status, back.State.Reason));
    }

    [Fact]
    public async Task Forcing_a_status_other_than_available_or_not_ready_or_on_a_signed_out_operator_is_refused()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        var id = dir.Id("op");

        await FailsAsync(StatusCode.FailedPrecondition, Supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = id, Status = OperatorStatus.Available }).ResponseAsync);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = id });
        foreach (var status in new[] { OperatorStatus.Busy, OperatorStatus.AfterCallWork, OperatorStatus.Offline, OperatorStatus.Unspecified })
        {
            await FailsAsync(StatusCode.InvalidArgument, Supervisor.ForceStatusAsync(new ForceStatusRequest { OperatorId = id, Status = status }).ResponseAsync);
        }

        await FailsAsync(StatusCode.InvalidArgument, Supervisor.SignOutOperatorAsync(new OperatorRequest()).ResponseAsync);
        Assert.Equal(OperatorStatus.Available, (await api.Desk.GetStateAsync(new OperatorRequest { OperatorId = id })).Status);
    }

    [Fact]
    public async Task A_supervisor_signs_out_an_operator_its_offer_returns_to_the_queue_and_its_connected_chat_stays()
    {
        var dir = TestDirectory.Create().Queue("l1", channels: [ContactCenter.Model.Channel.Text], offerTimeout: TimeSpan.FromMinutes(5)).Operator("op", voice: 0, text: 2);
        await dir.ApplyAsync(api.Grains);
        var id = dir.Id("op");
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = id });
        var connected = await RegisterChatAsync(dir);
        await OfferedAsync(connected, id);
        await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = id, InteractionId = connected });
        var offered = await RegisterChatAsync(dir);
        await OfferedAsync(offered, id);

        var signedOut = await Supervisor.SignOutOperatorAsync(new OperatorRequest { OperatorId = id });

        Assert.Equal(OperatorStatus.Offline, signedOut.Status);
        Assert.Empty(signedOut.Offers);
        Assert.Equal(connected, Assert.Single(signedOut.Assignments).InteractionId);
        Assert.Null(signedOut.DeskLostSince);
        await Eventually.MatchAsync(() => CardAsync(offered), c => c.State == InteractionState.Queued, "the offer goes back to the queue");
        Assert.Equal(InteractionState.Connected, (await CardAsync(connected)).State);

        // The operator still finishes the chat it holds.
        var closed = await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest { OperatorId = id, InteractionId = connected, Topics = { "pension" }, Answer = "explained" });
        Assert.Equal(InteractionState.Closed, closed.State);
        Assert.Empty((await api.Desk.GetStateAsync(new OperatorRequest { OperatorId = id })).Assignments);
    }

    private static async Task FailsAsync<T>(StatusCode expected, Task<T> call) =>
        Assert.Equal(expected, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);

    private Task<Interaction> CardAsync(string id) => api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }).ResponseAsync;

    private Task<Interaction> OfferedAsync(string id, string operatorId) =>
        Eventually.MatchAsync(() => CardAsync(id), c => c.State == InteractionState.Offered && c.OperatorId == operatorId, $"{id} offered");

    private async Task<string> RegisterChatAsync(TestDirectory dir)
    {
        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Text,
            CallerNumber = "+79001234567",
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });
        return registered.Interaction.Id;
    }
}
