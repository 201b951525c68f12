using ContactCenter.Api.Mapping;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class AdminGrpcService(IGrainFactory grains) : P.AdminService.AdminServiceBase
{
    private IDirectoryGrain Directory => grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey);

    public override async Task<P.OperatorProfile> UpsertOperator(P.OperatorProfile request, ServerCallContext context)
    {
        var profile = request.ToDomain();
        await Directory.UpsertOperatorAsync(profile);
        return profile.ToProto();
    }

    public override async Task<P.OperatorProfileList> UpsertOperators(P.OperatorProfileList request, ServerCallContext context)
    {
        if (request.Operators.Count == 0)
        {
            throw ContactCenterException.Invalid("operators: at least one operator profile is required");
        }

        var profiles = request.Operators.Select(p => p.ToDomain()).ToList();
        await Directory.UpsertOperatorsAsync(profiles);
        return new P.OperatorProfileList { Operators = { profiles.Select(p => p.ToProto()) } };
    }

    public override async Task<P.OperatorProfile> GetOperator(P.GetOperatorRequest request, ServerCallContext context)
    {
        var id = Require.Id(request.OperatorId, "operator_id");
        var profile = await Directory.FindOperatorAsync(id) ?? throw ContactCenterException.NotFound($"operator '{id}' is not in the directory");
        return profile.ToProto();
    }

    public override async Task<P.QueueDefinition> UpsertQueue(P.QueueDefinition request, ServerCallContext context)
    {
        var queue = request.ToDomain();
        await Directory.UpsertQueueAsync(queue);
        return queue.ToProto();
    }

    public override async Task<P.ServiceInterruption> DeclareInterruption(P.DeclareInterruptionRequest request, ServerCallContext context) =>
        (await Directory.DeclareInterruptionAsync(request.ToDomain())).ToProto();

    public override async Task<P.ServiceInterruption> EndInterruption(P.EndInterruptionRequest request, ServerCallContext context) =>
        (await Directory.EndInterruptionAsync(Require.Id(request.InterruptionId, "interruption_id"))).ToProto();

    public override async Task<P.CallbackList> ListCallbacks(P.ListCallbacksRequest request, ServerCallContext context)
    {
        var organisationId = Require.Id(request.OrganisationId, "organisation_id");
        if ((await Directory.GetAsync()).Organisations.All(organisation => organisation.Id != organisationId))
        {
            throw ContactCenterException.NotFound($"organisation '{organisationId}' is not in the directory");
        }

        var list = new P.CallbackList();
        list.Callbacks.Add((await grains.Grain<ICallbackListGrain>(organisationId).ListOpenAsync()).Select(plan => plan.ToProto()));
        return list;
    }

    public override async Task<P.Interaction> AssignCallback(P.AssignCallbackRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        var supervisor = Require.Id(request.SupervisorId, "supervisor_id");
        return (await interaction.AssignCallbackAsync(Require.Id(request.OperatorId, "operator_id"), $"supervisor:{supervisor}")).ToProto();
    }

    public override async Task<P.QueueDefinition> GetQueue(P.GetQueueRequest request, ServerCallContext context)
    {
        var id = Require.Id(request.QueueId, "queue_id");
        var queue = await Directory.FindQueueAsync(id) ?? throw ContactCenterException.NotFound($"queue '{id}' is not in the directory");
        return queue.ToProto();
    }

    public override async Task<P.Interaction> ReviewComplaint(P.ReviewComplaintRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        var note = string.IsNullOrEmpty(request.Note) ? null : request.Note;
        return (await interaction.ReviewComplaintAsync(Require.Id(request.SupervisorId, "supervisor_id"), request.Confirmed, note)).ToProto();
    }
}
