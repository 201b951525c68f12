using ContactCenter.Citizens;
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
    [property: Id(16)] IReadOnlyList<ServiceInterruption> Interruptions,
    [property: Id(17)] IReadOnlyList<TransferRecord> Transfers,
    [property: Id(18)] ConversationEnd EndReason,
    [property: Id(19)] DateTimeOffset? InactivityDeadline,
    [property: Id(20)] DateTimeOffset? WrapUpStartedAt,
    [property: Id(21)] TimeSpan? WrapUpDuration)
{
    // citizens
    [Id(40)]
    public IdentificationLevel Identification { get; init; }

    [Id(41)]
    public IReadOnlyList<IdentificationAttempt> IdentificationAttempts { get; init; } = [];
}

public enum TransferKind
{
    /// <summary>To the 2nd line of the named organisation, in the citizen's region.</summary>
    SecondLine = 0,

    /// <summary>To the 1st line of the named (another) organisation.</summary>
    FirstLine = 1,

    /// <summary>To the named operator.</summary>
    Operator = 2,

    /// <summary>Back to (or into) the named queue.</summary>
    Queue = 3,
}

/// <summary>What the operator asks for: <see cref="Target"/> is an organisation, operator or queue id by <see cref="Kind"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TransferRequest(
    [property: Id(0)] TransferKind Kind,
    [property: Id(1)] string Target);

/// <summary>
/// One transfer on the card: who asked, where it went, when it had to connect and whether it did
/// in time. <see cref="ExceededBy"/> is how far past <see cref="Deadline"/> it connected (or was
/// noticed, when it never connected).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TransferRecord(
    [property: Id(0)] TransferKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string FromOperatorId,
    [property: Id(3)] string? QueueId,
    [property: Id(4)] DateTimeOffset RequestedAt,
    [property: Id(5)] DateTimeOffset Deadline,
    [property: Id(6)] DateTimeOffset? ConnectedAt = null,
    [property: Id(7)] string? ConnectedOperatorId = null,
    [property: Id(8)] DateTimeOffset? BreachedAt = null,
    [property: Id(9)] TimeSpan? ExceededBy = null,
    [property: Id(10)] TransferFallback? Fallback = null)
{
    public bool Pending => ConnectedAt is null;

    public TimeSpan? Wait => ConnectedAt - RequestedAt;
}
