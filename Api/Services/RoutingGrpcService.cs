using ContactCenter.Api.Mapping;
using ContactCenter.Citizens;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Queues;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class RoutingGrpcService(IGrainFactory grains) : P.RoutingService.RoutingServiceBase
{
    public override async Task<P.RegisterInteractionResponse> RegisterInteraction(P.RegisterInteractionRequest request, ServerCallContext context)
    {
        var registration = ToRegistration(request);
        var id = string.IsNullOrEmpty(request.IdempotencyKey)
            ? InteractionIds.New()
            : InteractionIds.FromIdempotencyKey(Require.Id(request.IdempotencyKey, "idempotency_key"));
        var (view, position) = await grains.Grain<IInteractionGrain>(id).RegisterAndPlaceAsync(registration);
        var response = new P.RegisterInteractionResponse { Interaction = view.ToProto() };
        response.Interruptions.Add(view.Interruptions.Select(i => i.ToProto()));
        if (position is not null)
        {
            response.Position = position.ToProto();
        }

        return response;
    }

    public override async Task<P.Interaction> GetInteraction(P.GetInteractionRequest request, ServerCallContext context) =>
        (await Interaction(request).GetAsync()).ToProto();

    public override async Task<P.QueuePosition> GetQueuePosition(P.GetInteractionRequest request, ServerCallContext context)
    {
        var view = await Interaction(request).GetAsync();
        return (await PositionAsync(view))?.ToProto() ?? new P.QueuePosition { QueueId = view.QueueId ?? string.Empty };
    }

    public override async Task<P.Interaction> EndInteraction(P.EndInteractionRequest request, ServerCallContext context)
    {
        var ending = request.Ending switch
        {
            P.CitizenEnding.HangUp => CitizenEnding.HangUp,
            P.CitizenEnding.StopMessage => CitizenEnding.StopMessage,
            _ => throw ContactCenterException.Invalid($"ending {request.Ending} is not known: CITIZEN_ENDING_HANG_UP or CITIZEN_ENDING_STOP_MESSAGE"),
        };
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        return (await interaction.EndByCitizenAsync(ending)).ToProto();
    }

    public override async Task<P.Interaction> ReportCitizenActivity(P.CitizenActivityRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        return (await interaction.CitizenActivityAsync(string.IsNullOrEmpty(request.Text) ? null : request.Text)).ToProto();
    }

    public override async Task<P.ServiceStatus> GetServiceStatus(P.GetServiceStatusRequest request, ServerCallContext context)
    {
        var status = await grains.Grain<IServiceStatusGrain>(0).GetAsync(
            Require.Optional(request.OrganisationId, "organisation_id"),
            Require.Optional(request.QueueId, "queue_id"));
        return status.ToProto();
    }

    public override async Task<P.Interaction> AttachRecording(P.AttachRecordingRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        return (await interaction.AttachRecordingAsync(request.RecordingUri)).ToProto();
    }

    public override async Task<P.Interaction> PostSurveyScore(P.PostSurveyScoreRequest request, ServerCallContext context)
    {
        var interaction = grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));
        return (await interaction.PostSurveyScoreAsync(request.Score)).ToProto();
    }

    private IInteractionGrain Interaction(P.GetInteractionRequest request) =>
        grains.Grain<IInteractionGrain>(Require.Id(request.InteractionId, "interaction_id"));

    // Asked of the interaction, which knows the queue partition it waits in.
    private async Task<QueuePosition?> PositionAsync(InteractionView view) =>
        view.State == InteractionState.Queued ? await grains.Grain<IInteractionGrain>(view.Id).GetPositionAsync() : null;

    private static Registration ToRegistration(P.RegisterInteractionRequest request)
    {
        var channel = request.Channel.ToDomain();
        if (!PhoneNumber.TryNormalise(request.CallerNumber, out var caller))
        {
            throw ContactCenterException.Invalid($"caller_number '{request.CallerNumber}' is not a phone number (3 to 15 digits, optional leading +)");
        }

        var robotDuration = request.RobotDuration?.ToTimeSpan() ?? TimeSpan.Zero;
        if (robotDuration < TimeSpan.Zero)
        {
            throw ContactCenterException.Invalid("robot_duration cannot be negative");
        }

        return new Registration(
            channel,
            caller,
            Require.Id(request.RegionId, "region_id"),
            Require.Language(request.Language, "language"),
            Require.Optional(request.TopicId, "topic_id"),
            Require.Optional(request.OrganisationId, "organisation_id"),
            // An array, not a collection expression: Orleans has no cached codec for the compiler's own
            // read-only list type and looks one up on every write of the interaction.
            request.RobotTranscript.ToArray(),
            robotDuration);
    }
}
