using ContactCenter.Api.Mapping;
using ContactCenter.Operators;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class SupervisorGrpcService(IGrainFactory grains) : P.SupervisorService.SupervisorServiceBase
{
    public override async Task<P.OperatorState> ForceStatus(P.ForceStatusRequest request, ServerCallContext context)
    {
        var op = Operator(request.OperatorId);
        return (await op.ForceStatusAsync(request.Status.ToDomain())).ToProto();
    }

    public override async Task<P.OperatorState> SignOutOperator(P.OperatorRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).ForceSignOutAsync()).ToProto();

    private IOperatorGrain Operator(string operatorId) => grains.GetGrain<IOperatorGrain>(Require.Id(operatorId, "operator_id"));
}
