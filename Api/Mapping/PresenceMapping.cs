using ContactCenter.Api.Push;
using ContactCenter.Operators;
using ContactCenter.Presence;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>Presence records (time in status, supervisor views) to wire messages.</summary>
public static class PresenceMapping
{
    public static P.StatusTime ToProto(StatusTime time) => new()
    {
        Status = time.Status.ToProto(),
        Reason = time.Reason.ToProto(),
        Total = Duration.FromTimeSpan(time.Total),
    };

    public static P.SupervisorEvent ToProto(this PresenceView view)
    {
        var message = new P.SupervisorEvent
        {
            Kind = view.IsSnapshot ? P.SupervisorEventKind.Snapshot : P.SupervisorEventKind.Changes,
            At = Timestamp.FromDateTimeOffset(view.At),
        };
        message.Operators.Add(view.Operators.Select(ToProto));
        message.Queues.Add(view.Queues.Select(queue => queue.ToProto(view.At)));
        return message;
    }

    public static P.OperatorPresence ToProto(this OperatorPresence presence)
    {
        var message = new P.OperatorPresence
        {
            OperatorId = presence.OperatorId,
            Name = presence.Name,
            Status = presence.Status.ToProto(),
            Reason = presence.Reason.ToProto(),
            Since = Timestamp.FromDateTimeOffset(presence.Since),
            DeskLostSince = presence.DeskLostSince is { } lost ? Timestamp.FromDateTimeOffset(lost) : null,
            TeamId = presence.TeamId ?? string.Empty,
        };
        message.QueueIds.Add(presence.QueueIds);
        return message;
    }

    public static P.QueueStatistics ToProto(this QueueView queue, DateTimeOffset at) => new()
    {
        QueueId = queue.QueueId,
        Waiting = queue.Waiting,
        OldestWaitingSince = queue.OldestSince is { } oldest ? Timestamp.FromDateTimeOffset(oldest) : null,
        LongestWait = Duration.FromTimeSpan(queue.OldestSince is { } since && at > since ? at - since : TimeSpan.Zero),
        Available = queue.OperatorsByStatus[OperatorStatus.Available],
        Busy = queue.OperatorsByStatus[OperatorStatus.Busy],
        NotReady = queue.OperatorsByStatus[OperatorStatus.NotReady],
        AfterCallWork = queue.OperatorsByStatus[OperatorStatus.AfterCallWork],
        Offline = queue.OperatorsByStatus[OperatorStatus.Offline],
    };
}
