using ContactCenter.Model;

namespace ContactCenter.Operators;

/// <summary>An interaction offered to an operator and not yet accepted.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferInfo(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] string RegionId,
    [property: Id(4)] string Language,
    [property: Id(5)] string? TopicId,
    [property: Id(6)] DateTimeOffset OfferedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt);

/// <summary>An interaction the operator is working on (connected, or in wrap-up since <see cref="WrapUpSince"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record Assignment(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] DateTimeOffset? WrapUpSince = null);

/// <summary>
/// An operator's whole state. <see cref="Status"/> is the status shown (Busy derived from the
/// workload) and <see cref="StatusSince"/> when it began. <see cref="Sequence"/> grows with every
/// change, so a stream can drop events older than the snapshot it already sent.
/// <see cref="TimeInStatus"/> totals every status shown since the first sign-in, the current one
/// up to the moment of the snapshot. <see cref="DeskLostSince"/> flags a desk that went silent
/// (its connected interactions are kept); <see cref="DeskDeadline"/> is when a watched desk that
/// stays silent will be lost. <see cref="PresenceSequence"/> is the sequence of the operator's
/// last report to the presence board: desk events outnumber reports, so a board that reads this
/// snapshot must rank the next report by this number, not by <see cref="Sequence"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperatorSnapshot(
    [property: Id(0)] string OperatorId,
    [property: Id(1)] string Name,
    [property: Id(2)] string OrganisationId,
    [property: Id(3)] OperatorStatus Status,
    [property: Id(4)] NotReadyReason Reason,
    [property: Id(5)] DateTimeOffset StatusSince,
    [property: Id(6)] IReadOnlyList<OfferInfo> Offers,
    [property: Id(7)] IReadOnlyList<Assignment> Assignments,
    [property: Id(8)] IReadOnlyList<string> QueueIds,
    [property: Id(9)] long Sequence,
    [property: Id(10)] IReadOnlyList<StatusTime>? TimeInStatus = null,
    [property: Id(11)] DateTimeOffset? DeskLostSince = null,
    [property: Id(12)] DateTimeOffset? DeskDeadline = null,
    [property: Id(13)] string? TeamId = null,
    [property: Id(14)] long PresenceSequence = 0);

/// <summary>How long an operator has spent in one status (Not ready counted per reason).</summary>
[GenerateSerializer, Immutable]
public sealed record StatusTime(
    [property: Id(0)] OperatorStatus Status,
    [property: Id(1)] NotReadyReason Reason,
    [property: Id(2)] TimeSpan Total);

public enum DeskEventKind
{
    Snapshot = 0,
    StatusChanged = 1,
    OfferMade = 2,
    OfferWithdrawn = 3,
    Assigned = 4,
    Released = 5,
    WrapUpStarted = 6,

    /// <summary>The desk went silent past its timeout: Offline, offers returned, interactions kept.</summary>
    DeskLost = 7,

    /// <summary>A lost desk was heard again; the flag is cleared.</summary>
    DeskRestored = 8,
}

/// <summary>
/// One change on a desk. Every event carries the operator's whole current state, so a client
/// that missed an event is still current after the next one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeskEvent(
    [property: Id(0)] DeskEventKind Kind,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string? InteractionId,
    [property: Id(3)] OfferInfo? Offer,
    [property: Id(4)] OperatorSnapshot Snapshot);
