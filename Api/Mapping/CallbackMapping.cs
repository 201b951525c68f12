using ContactCenter.Interactions;
using ContactCenter.Model;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

public static class CallbackMapping
{
    public static P.CallbackPlan ToProto(this CallbackPlan plan)
    {
        var message = new P.CallbackPlan
        {
            CallbackId = plan.CallbackId,
            OriginId = plan.OriginId,
            Reason = (P.CallbackReason)(int)plan.Reason,
            RequestedAt = Timestamp.FromDateTimeOffset(plan.RequestedAt),
            DueAt = Timestamp.FromDateTimeOffset(plan.DueAt),
            AtCitizensRequest = plan.AtCitizensRequest,
            Deadline = plan.Deadline is { } deadline ? Timestamp.FromDateTimeOffset(deadline) : null,
            QueueId = plan.QueueId,
            AssignedOperatorId = plan.AssignedOperatorId ?? string.Empty,
            Note = plan.Note ?? string.Empty,
            State = plan.State.ToProto(),
            ClosedAt = plan.ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
        };
        if (plan.DeadlineMet is { } met)
        {
            message.DeadlineMet = met;
        }

        return message;
    }

    /// <summary>The card's callback fields: direction, its own plan when it is a callback task, the one it created, the deferral.</summary>
    public static void AddCallbackFields(this P.Interaction message, InteractionView view)
    {
        message.Direction = (P.Direction)(int)view.Direction;
        message.CallbackTask = view.CallbackTask?.ToProto();
        message.FollowUp = view.FollowUp?.ToProto();
        message.Deferral = view.Deferral is { } deferral
            ? new P.Deferral { CallbackAt = Timestamp.FromDateTimeOffset(deferral.CallbackAt), AtCitizensRequest = deferral.AtCitizensRequest, Note = deferral.Note ?? string.Empty }
            : null;
    }

    public static DeferRequest ToDomain(this P.DeferInteractionRequest request) => new(
        request.CallbackAt?.ToDateTimeOffset() ?? throw ContactCenterException.Invalid("callback_at is required"),
        request.AtCitizensRequest,
        string.IsNullOrWhiteSpace(request.Note) ? null : request.Note);
}
