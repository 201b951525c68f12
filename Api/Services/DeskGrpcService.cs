using ContactCenter.Api.Mapping;
using ContactCenter.Api.Push;
using ContactCenter.Interactions;
using ContactCenter.Operators;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

/// <summary>
/// The operator's desk. Every call that names the operator also counts as a heartbeat of a watched
/// desk (a one-way message, so it adds no wait; at most one per <see cref="DeskActivity.Interval"/>);
/// sign-in and status changes count inside the grain.
/// </summary>
public sealed class DeskGrpcService(IGrainFactory grains, DeskEventHub hub, DeskActivity activity) : P.DeskService.DeskServiceBase
{
    public override async Task<P.OperatorState> SignIn(P.SignInRequest request, ServerCallContext context)
    {
        var initial = request.InitialStatus == P.OperatorStatus.Unspecified ? OperatorStatus.Available : request.InitialStatus.ToDomain();
        return (await Operator(request.OperatorId).SignInAsync(initial, request.Reason.ToDomain())).ToProto();
    }

    public override async Task<P.OperatorState> SignOut(P.OperatorRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).SignOutAsync()).ToProto();

    public override async Task<P.OperatorState> SetStatus(P.SetStatusRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).SetStatusAsync(request.Status.ToDomain(), request.Reason.ToDomain())).ToProto();

    public override async Task<P.OperatorState> GetState(P.OperatorRequest request, ServerCallContext context)
    {
        var desk = Operator(request.OperatorId);
        await desk.DeskActiveAsync();
        return (await desk.GetSnapshotAsync()).ToProto();
    }

    public override async Task<P.OperatorState> Heartbeat(P.OperatorRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).HeartbeatAsync()).ToProto();

    public override async Task Subscribe(P.OperatorRequest request, IServerStreamWriter<P.DeskEvent> responseStream, ServerCallContext context)
    {
        var operatorId = Require.Id(request.OperatorId, "operator_id");
        var cancellation = context.CancellationToken;
        await Operator(operatorId).DeskActiveAsync();

        // Open before reading the snapshot, so no change can fall between the two.
        using var subscription = await hub.OpenAsync(operatorId);
        var snapshot = await Operator(operatorId).GetSnapshotAsync();
        await responseStream.WriteAsync(new P.DeskEvent { Kind = P.DeskEventKind.Snapshot, Sequence = snapshot.Sequence, State = snapshot.ToProto() }, cancellation);
        await foreach (var deskEvent in subscription.Events.ReadAllAsync(cancellation))
        {
            if (deskEvent.Sequence > snapshot.Sequence)
            {
                await responseStream.WriteAsync(deskEvent.ToProto(), cancellation);
            }
        }
    }

    public override async Task<P.Interaction> AcceptOffer(P.InteractionRequest request, ServerCallContext context) =>
        (await Interaction(request).AcceptAsync(Require.Id(request.OperatorId, "operator_id"))).ToDeskProto();

    public override async Task<P.Interaction> DeclineOffer(P.InteractionRequest request, ServerCallContext context) =>
        (await Interaction(request).DeclineAsync(Require.Id(request.OperatorId, "operator_id"))).ToDeskProto();

    public override async Task<P.Interaction> GetInteraction(P.InteractionRequest request, ServerCallContext context) =>
        (await Interaction(request).GetAsync()).EnsureSeenBy(Require.Id(request.OperatorId, "operator_id")).ToDeskProto();

    public override async Task<P.Interaction> CompleteInteraction(P.CompleteInteractionRequest request, ServerCallContext context)
    {
        var interaction = Interaction(request.InteractionId, request.OperatorId);
        return (await interaction.CompleteAsync(Require.Id(request.OperatorId, "operator_id"), request.ToDomain())).ToDeskProto();
    }

    public override async Task<P.Interaction> SendMessage(P.SendMessageRequest request, ServerCallContext context)
    {
        var interaction = Interaction(request.InteractionId, request.OperatorId);
        var text = string.IsNullOrEmpty(request.Text) ? null : request.Text;
        return (await interaction.OperatorActivityAsync(Require.Id(request.OperatorId, "operator_id"), text)).ToDeskProto();
    }

    public override async Task<P.Interaction> Transfer(P.TransferRequest request, ServerCallContext context)
    {
        var interaction = Interaction(request.InteractionId, request.OperatorId);
        var transfer = new TransferRequest(request.Kind.ToDomain(), Require.Id(request.Target, "target"), string.IsNullOrWhiteSpace(request.Note) ? null : request.Note);
        return (await interaction.TransferAsync(Require.Id(request.OperatorId, "operator_id"), transfer)).ToDeskProto();
    }

    public override async Task<P.Interaction> EndConversation(P.InteractionRequest request, ServerCallContext context) =>
        (await Interaction(request).EndConversationAsync(Require.Id(request.OperatorId, "operator_id"))).ToDeskProto();

    public override async Task<P.Interaction> DeferInteraction(P.DeferInteractionRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        return (await interaction.DeferAsync(Require.Id(request.OperatorId, "operator_id"), request.ToDomain())).ToDeskProto();
    }

    private IOperatorGrain Operator(string operatorId) => grains.Grain<IOperatorGrain>(Require.Id(operatorId, "operator_id"));

    private IInteractionGrain Interaction(P.InteractionRequest request) =>
        Interaction(request.InteractionId, request.OperatorId);

    /// <summary>The interaction a desk acts on; the call counts as the desk's heartbeat.</summary>
    private IInteractionGrain Interaction(string interactionId, string operatorId)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(interactionId, "interaction_id"));
        if (!string.IsNullOrWhiteSpace(operatorId))
        {
            var desk = Operator(operatorId);
            if (activity.ShouldPass(operatorId))
            {
                // One-way: returns once sent.
                _ = desk.DeskActiveAsync();
            }
        }

        return interaction;
    }
}
