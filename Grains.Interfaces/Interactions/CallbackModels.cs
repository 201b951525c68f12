namespace ContactCenter.Interactions;

/// <summary>
/// A callback task as both cards show it: the outbound interaction <see cref="CallbackId"/> that
/// calls the citizen of <see cref="OriginId"/> back. <see cref="DueAt"/> is when it is routed
/// (moved into the region's working hours unless the citizen asked for that time);
/// <see cref="Deadline"/> is the regulated completion deadline (deferred requests: 8 working hours
/// from registration), <see cref="DeadlineMet"/> says whether it closed in time (null while open
/// and not yet late).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CallbackPlan(
    [property: Id(0)] string CallbackId,
    [property: Id(1)] string OriginId,
    [property: Id(2)] CallbackReason Reason,
    [property: Id(3)] DateTimeOffset RequestedAt,
    [property: Id(4)] DateTimeOffset DueAt,
    [property: Id(5)] bool AtCitizensRequest,
    [property: Id(6)] DateTimeOffset? Deadline,
    [property: Id(7)] string QueueId,
    [property: Id(8)] string? AssignedOperatorId = null,
    [property: Id(9)] string? Note = null,
    [property: Id(10)] DateTimeOffset? ClosedAt = null,
    [property: Id(11)] bool? DeadlineMet = null,
    [property: Id(12)] InteractionState State = InteractionState.Scheduled);

/// <summary>
/// What the 2nd-line operator sets when the answer needs preparation: when to call back, and
/// whether the citizen asked for that time (then it may fall outside working hours).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeferRequest(
    [property: Id(0)] DateTimeOffset CallbackAt,
    [property: Id(1)] bool AtCitizensRequest,
    [property: Id(2)] string? Note);

/// <summary>
/// What an interaction hands to the callback task it creates. <see cref="RequestRegisteredAt"/> is
/// when the citizen's request was first registered: the deadline of a chain of deferrals counts from it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CallbackOrder(
    [property: Id(0)] string OriginId,
    [property: Id(1)] CallbackReason Reason,
    [property: Id(2)] Registration Registration,
    [property: Id(3)] string OrganisationId,
    [property: Id(4)] string QueueId,
    [property: Id(5)] string? CitizenCardId,
    [property: Id(6)] DateTimeOffset RequestRegisteredAt,
    [property: Id(7)] DateTimeOffset CallbackAt,
    [property: Id(8)] bool AtCitizensRequest,
    [property: Id(9)] DateTimeOffset? Deadline,
    [property: Id(10)] string? Note);
