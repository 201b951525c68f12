using ContactCenter.Directory;
using ContactCenter.Model;

namespace ContactCenter.Interactions;

/// <summary>What a gateway knows when it hands a contact over from the robot.</summary>
[GenerateSerializer, Immutable]
public sealed record Registration(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string CallerNumber,
    [property: Id(2)] string RegionId,
    [property: Id(3)] string Language,
    [property: Id(4)] string? TopicId,
    [property: Id(5)] string? OrganisationId,
    [property: Id(6)] IReadOnlyList<string> RobotTranscript,
    [property: Id(7)] TimeSpan RobotDuration);

/// <summary>What the operator records when the work is done.</summary>
[GenerateSerializer, Immutable]
public sealed record Completion(
    [property: Id(0)] IReadOnlyList<string> Topics,
    [property: Id(1)] string Answer,
    [property: Id(2)] string? Comment);

[GenerateSerializer, Immutable]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] TimelineKind Kind,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Detail);

/// <summary>
/// The interaction card as anyone entitled reads it. <see cref="Interruptions"/> are the service
/// interruptions in force when it was registered, for the gateway to announce.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InteractionView(
    [property: Id(0)] string Id,
    [property: Id(1)] InteractionState State,
    [property: Id(2)] InteractionOutcome Outcome,
    [property: Id(3)] Direction Direction,
    [property: Id(4)] Registration Registration,
    [property: Id(5)] string? OrganisationId,
    [property: Id(6)] string? QueueId,
    [property: Id(7)] string? OperatorId,
    [property: Id(8)] string? CitizenCardId,
    [property: Id(9)] DateTimeOffset RegisteredAt,
    [property: Id(10)] DateTimeOffset? ConnectedAt,
    [property: Id(11)] DateTimeOffset? ClosedAt,
    [property: Id(12)] Completion? Completion,
    [property: Id(13)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(14)] UnansweredReason UnansweredReason,
    [property: Id(15)] DateTimeOffset? QueueOpensAt,
    [property: Id(16)] IReadOnlyList<ServiceInterruption> Interruptions);
