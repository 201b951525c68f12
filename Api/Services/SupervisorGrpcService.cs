using ContactCenter.Api.Mapping;
using ContactCenter.Api.Push;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Operators;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class SupervisorGrpcService(IGrainFactory grains, PresenceHub hub) : P.SupervisorService.SupervisorServiceBase
{
    public override async Task<P.OperatorState> ForceStatus(P.ForceStatusRequest request, ServerCallContext context)
    {
        var op = Operator(request.OperatorId);
        return (await op.ForceStatusAsync(request.Status.ToDomain())).ToProto();
    }

    public override async Task<P.OperatorState> SignOutOperator(P.OperatorRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).ForceSignOutAsync()).ToProto();

    public override async Task Watch(P.WatchRequest request, IServerStreamWriter<P.SupervisorEvent> responseStream, ServerCallContext context)
    {
        var (organisationId, queueId) = await ScopeAsync(request);
        using var watch = await hub.WatchAsync(organisationId, queueId);
        await foreach (var view in watch.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(view.ToProto(), context.CancellationToken);
        }
    }

    private async Task<(string OrganisationId, string? QueueId)> ScopeAsync(P.WatchRequest request)
    {
        switch (request.ScopeCase)
        {
            case P.WatchRequest.ScopeOneofCase.OrganisationId:
                return (Require.Id(request.OrganisationId, "organisation_id"), null);
            case P.WatchRequest.ScopeOneofCase.QueueId:
                var queueId = Require.Id(request.QueueId, "queue_id");
                var queue = await grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).FindQueueAsync(queueId)
                    ?? throw ContactCenterException.NotFound($"queue '{queueId}' is not in the directory");
                return (queue.OrganisationId, queue.Id);
            default:
                throw ContactCenterException.Invalid("organisation_id or queue_id is required");
        }
    }

    private IOperatorGrain Operator(string operatorId) => grains.GetGrain<IOperatorGrain>(Require.Id(operatorId, "operator_id"));
}
