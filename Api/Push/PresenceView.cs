using ContactCenter.Operators;
using ContactCenter.Presence;

namespace ContactCenter.Api.Push;

/// <summary>One message of a supervisor stream: the whole scope (a snapshot) or what changed since the previous message.</summary>
public sealed record PresenceView(
    bool IsSnapshot,
    DateTimeOffset At,
    IReadOnlyList<OperatorPresence> Operators,
    IReadOnlyList<QueueView> Queues);

/// <summary>A queue's live figures: every partition summed; operators counted once per status whatever partitions they serve.</summary>
public sealed record QueueView(
    string QueueId,
    int Waiting,
    DateTimeOffset? OldestSince,
    IReadOnlyDictionary<OperatorStatus, int> OperatorsByStatus);
