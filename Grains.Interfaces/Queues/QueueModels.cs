using ContactCenter.Model;

namespace ContactCenter.Queues;

/// <summary>
/// An interaction waiting in a queue, with what matching needs to know about it.
/// <see cref="DeclinedBy"/> lists operators who turned it down; it is not offered to them again.
/// <see cref="ReservedFor"/> names the only operator who may take it (a callback a supervisor assigned).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WaitingEntry(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] string RegionId,
    [property: Id(3)] string Language,
    [property: Id(4)] string? TopicId,
    [property: Id(5)] int Priority,
    [property: Id(6)] DateTimeOffset EnqueuedAt,
    [property: Id(7)] IReadOnlyList<string> DeclinedBy,
    [property: Id(8)] string? ReservedFor = null);

/// <summary>
/// A queue's view of an operator who may take work: a hint for picking candidates. The
/// operator grain still decides, so a stale view costs a refused reservation, never a double booking.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperatorCandidate(
    [property: Id(0)] string OperatorId,
    [property: Id(1)] IReadOnlyList<string> Regions,
    [property: Id(2)] IReadOnlyDictionary<string, int> Skills,
    [property: Id(3)] IReadOnlyList<string> Languages,
    [property: Id(4)] IReadOnlyDictionary<Channel, int> FreeCapacity,
    [property: Id(5)] int ActiveCount,
    [property: Id(6)] DateTimeOffset IdleSince);

[GenerateSerializer, Immutable]
public sealed record QueuePosition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Position,
    [property: Id(2)] int Waiting,
    [property: Id(3)] TimeSpan EstimatedWait);

[GenerateSerializer, Immutable]
public sealed record QueueStats(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Waiting,
    [property: Id(2)] TimeSpan LongestWait,
    [property: Id(3)] int AvailableOperators,
    [property: Id(4)] int Offered);

public enum EnqueueStatus
{
    Queued = 0,

    /// <summary>Outside working hours (or a holiday); <see cref="EnqueueResult.OpensAt"/> says when it opens.</summary>
    Closed = 1,

    /// <summary>No operator of the queue is signed in.</summary>
    NoOperators = 2,

    /// <summary>The queue holds its maximum number of waiting interactions.</summary>
    Full = 3,
}

[GenerateSerializer, Immutable]
public sealed record EnqueueResult(
    [property: Id(0)] EnqueueStatus Status,
    [property: Id(1)] QueuePosition? Position,
    [property: Id(2)] DateTimeOffset? OpensAt);
