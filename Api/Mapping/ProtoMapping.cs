using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>Domain records to wire messages and back; enum values line up by name, not by number.</summary>
public static class ProtoMapping
{
    public static P.Channel ToProto(this Channel channel) => channel switch
    {
        Channel.Voice => P.Channel.Voice,
        Channel.Text => P.Channel.Text,
        Channel.Video => P.Channel.Video,
        _ => P.Channel.Unspecified,
    };

    public static Channel ToDomain(this P.Channel channel) => channel switch
    {
        P.Channel.Voice => Channel.Voice,
        P.Channel.Text => Channel.Text,
        P.Channel.Video => Channel.Video,
        _ => throw ContactCenterException.Invalid("channel is required: CHANNEL_VOICE, CHANNEL_TEXT or CHANNEL_VIDEO"),
    };

    public static OperatorStatus ToDomain(this P.OperatorStatus status) => status switch
    {
        P.OperatorStatus.Offline => OperatorStatus.Offline,
        P.OperatorStatus.Available => OperatorStatus.Available,
        P.OperatorStatus.NotReady => OperatorStatus.NotReady,
        P.OperatorStatus.Busy => OperatorStatus.Busy,
        P.OperatorStatus.AfterCallWork => OperatorStatus.AfterCallWork,
        _ => throw ContactCenterException.Invalid("status is required"),
    };

    public static P.OperatorStatus ToProto(this OperatorStatus status) => status switch
    {
        OperatorStatus.Available => P.OperatorStatus.Available,
        OperatorStatus.NotReady => P.OperatorStatus.NotReady,
        OperatorStatus.Busy => P.OperatorStatus.Busy,
        OperatorStatus.AfterCallWork => P.OperatorStatus.AfterCallWork,
        _ => P.OperatorStatus.Offline,
    };

    public static NotReadyReason ToDomain(this P.NotReadyReason reason) => (NotReadyReason)(int)reason;

    public static P.NotReadyReason ToProto(this NotReadyReason reason) => (P.NotReadyReason)(int)reason;

    public static P.Interaction ToProto(this InteractionView view)
    {
        var registration = view.Registration;
        var message = new P.Interaction
        {
            Id = view.Id,
            State = view.State.ToProto(),
            Outcome = (P.InteractionOutcome)(int)view.Outcome,
            Channel = registration.Channel.ToProto(),
            CallerNumber = registration.CallerNumber,
            RegionId = registration.RegionId,
            Language = registration.Language,
            TopicId = registration.TopicId ?? string.Empty,
            OrganisationId = view.OrganisationId ?? string.Empty,
            QueueId = view.QueueId ?? string.Empty,
            OperatorId = view.OperatorId ?? string.Empty,
            CitizenCardId = view.CitizenCardId ?? string.Empty,
            RegisteredAt = Timestamp.FromDateTimeOffset(view.RegisteredAt),
            ConnectedAt = view.ConnectedAt is { } connected ? Timestamp.FromDateTimeOffset(connected) : null,
            ClosedAt = view.ClosedAt is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
            Answer = view.Completion?.Answer ?? string.Empty,
            Comment = view.Completion?.Comment ?? string.Empty,
            RobotDuration = Duration.FromTimeSpan(registration.RobotDuration),
            UnansweredReason = (P.UnansweredReason)(int)view.UnansweredReason,
            QueueOpensAt = view.QueueOpensAt is { } opens ? Timestamp.FromDateTimeOffset(opens) : null,
            EndReason = (P.ConversationEndReason)(int)view.EndReason,
            InactivityDeadline = Stamp(view.InactivityDeadline),
            WrapUpStartedAt = Stamp(view.WrapUpStartedAt),
            WrapUpDuration = view.WrapUpDuration is { } wrapUp ? Duration.FromTimeSpan(wrapUp) : null,
            IdentificationLevel = (P.IdentificationLevel)(int)view.Identification,
        };
        message.IdentificationAttempts.Add(view.IdentificationAttempts.Select(CitizenMapping.ToProto));
        message.Transfers.Add(view.Transfers.Select(ToProto));
        message.AddCallbackFields(view);
        message.Topics.Add(view.Completion?.Topics ?? []);
        message.RobotTranscript.Add(registration.RobotTranscript);
        message.Timeline.Add(view.Timeline.Select(e => new P.TimelineEntry
        {
            At = Timestamp.FromDateTimeOffset(e.At),
            Kind = e.Kind.ToString(),
            Actor = e.Actor,
            Detail = e.Detail ?? string.Empty,
        }));
        message.AddCard(view);
        message.AddSurvey(view);
        return message;
    }

    public static P.InteractionState ToProto(this InteractionState state) => state switch
    {
        InteractionState.Queued => P.InteractionState.Queued,
        InteractionState.Offered => P.InteractionState.Offered,
        InteractionState.Connected => P.InteractionState.Connected,
        InteractionState.WrapUp => P.InteractionState.WrapUp,
        InteractionState.Closed => P.InteractionState.Closed,
        InteractionState.Transferring => P.InteractionState.Transferring,
        InteractionState.Scheduled => P.InteractionState.Scheduled,
        _ => P.InteractionState.Unspecified,
    };

    public static TransferKind ToDomain(this P.TransferKind kind) => kind switch
    {
        P.TransferKind.SecondLine => TransferKind.SecondLine,
        P.TransferKind.FirstLine => TransferKind.FirstLine,
        P.TransferKind.Operator => TransferKind.Operator,
        P.TransferKind.Queue => TransferKind.Queue,
        _ => throw ContactCenterException.Invalid("kind is required: TRANSFER_KIND_SECOND_LINE, TRANSFER_KIND_FIRST_LINE, TRANSFER_KIND_OPERATOR or TRANSFER_KIND_QUEUE"),
    };

    public static P.Transfer ToProto(this TransferRecord transfer) => new()
    {
        Kind = transfer.Kind switch
        {
            TransferKind.SecondLine => P.TransferKind.SecondLine,
            TransferKind.FirstLine => P.TransferKind.FirstLine,
            TransferKind.Operator => P.TransferKind.Operator,
            _ => P.TransferKind.Queue,
        },
        Target = transfer.Target,
        FromOperatorId = transfer.FromOperatorId,
        QueueId = transfer.QueueId ?? string.Empty,
        RequestedAt = Timestamp.FromDateTimeOffset(transfer.RequestedAt),
        Deadline = Timestamp.FromDateTimeOffset(transfer.Deadline),
        ConnectedAt = Stamp(transfer.ConnectedAt),
        ConnectedOperatorId = transfer.ConnectedOperatorId ?? string.Empty,
        Note = transfer.Note ?? string.Empty,
        BreachedAt = Stamp(transfer.BreachedAt),
        ExceededBy = transfer.ExceededBy is { } over ? Duration.FromTimeSpan(over) : null,
        Fallback = transfer.Fallback switch
        {
            TransferFallback.RaisePriority => P.TransferFallback.RaisePriority,
            TransferFallback.Callback => P.TransferFallback.Callback,
            _ => P.TransferFallback.Unspecified,
        },
    };

    public static P.QueuePosition ToProto(this ContactCenter.Queues.QueuePosition position) => new()
    {
        QueueId = position.QueueId,
        Position = position.Position,
        Waiting = position.Waiting,
        EstimatedWait = Duration.FromTimeSpan(position.EstimatedWait),
    };

    public static P.OperatorState ToProto(this OperatorSnapshot snapshot)
    {
        var message = new P.OperatorState
        {
            OperatorId = snapshot.OperatorId,
            Name = snapshot.Name,
            OrganisationId = snapshot.OrganisationId,
            Status = snapshot.Status.ToProto(),
            Reason = snapshot.Reason.ToProto(),
            StatusSince = Timestamp.FromDateTimeOffset(snapshot.StatusSince),
        };
        message.Offers.Add(snapshot.Offers.Select(ToProto));
        message.Assignments.Add(snapshot.Assignments.Select(a => new P.Assignment
        {
            InteractionId = a.InteractionId,
            Channel = a.Channel.ToProto(),
            Since = Timestamp.FromDateTimeOffset(a.Since),
            WrapUpSince = Stamp(a.WrapUpSince),
        }));
        message.QueueIds.Add(snapshot.QueueIds);
        message.TimeInStatus.Add(snapshot.TimeInStatus?.Select(PresenceMapping.ToProto) ?? []);
        message.DeskLostSince = Stamp(snapshot.DeskLostSince);
        message.DeskDeadline = Stamp(snapshot.DeskDeadline);
        return message;
    }

    public static P.Offer ToProto(this OfferInfo offer) => new()
    {
        InteractionId = offer.InteractionId,
        QueueId = offer.QueueId,
        Channel = offer.Channel.ToProto(),
        RegionId = offer.RegionId,
        Language = offer.Language,
        TopicId = offer.TopicId ?? string.Empty,
        OfferedAt = Timestamp.FromDateTimeOffset(offer.OfferedAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(offer.ExpiresAt),
    };

    private static Timestamp? Stamp(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    public static P.DeskEvent ToProto(this DeskEvent deskEvent) => new()
    {
        Kind = (P.DeskEventKind)(int)deskEvent.Kind,
        Sequence = deskEvent.Sequence,
        InteractionId = deskEvent.InteractionId ?? string.Empty,
        Offer = deskEvent.Offer?.ToProto(),
        State = deskEvent.Snapshot.ToProto(),
    };
}
