using ContactCenter.Directory;
using ContactCenter.Operators;

namespace ContactCenter.Presence;

/// <summary>
/// What a supervisor sees of one operator. <see cref="QueueKeys"/> are the queue grains it serves
/// (a split queue's partitions included); <see cref="Sequence"/> is the operator's own, so an
/// older report never overwrites a newer one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperatorPresence(
    [property: Id(0)] string OperatorId,
    [property: Id(1)] string Name,
    [property: Id(2)] OperatorStatus Status,
    [property: Id(3)] NotReadyReason Reason,
    [property: Id(4)] DateTimeOffset Since,
    [property: Id(5)] DateTimeOffset? DeskLostSince,
    [property: Id(6)] IReadOnlyList<string> QueueKeys,
    [property: Id(7)] long Sequence,
    [property: Id(8)] string? TeamId = null)
{
    public static OperatorPresence Of(OperatorSnapshot snapshot) => new(
        snapshot.OperatorId, snapshot.Name, snapshot.Status, snapshot.Reason, snapshot.StatusSince, snapshot.DeskLostSince, snapshot.QueueIds, snapshot.PresenceSequence,
        snapshot.TeamId);

    /// <summary>True when a supervisor would see no difference (the sequence aside).</summary>
    public bool LooksLike(OperatorPresence other) =>
        OperatorId == other.OperatorId && Name == other.Name && Status == other.Status && Reason == other.Reason && Since == other.Since
        && DeskLostSince == other.DeskLostSince && QueueKeys.SequenceEqual(other.QueueKeys) && TeamId == other.TeamId;

    /// <summary>The queues (not partitions) the operator serves.</summary>
    public IEnumerable<string> QueueIds => QueueKeys.Select(PresenceKeys.QueueIdOf).Distinct(StringComparer.Ordinal);
}

/// <summary>How many wait in one queue grain, and since when the longest-waiting one waits.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueLoad(
    [property: Id(0)] string QueueKey,
    [property: Id(1)] int Waiting,
    [property: Id(2)] DateTimeOffset? OldestSince);

/// <summary>An entry as a presence board holds it: <see cref="Version"/> orders changes within one board activation.</summary>
[GenerateSerializer, Immutable]
public sealed record Stamped<T>(
    [property: Id(0)] T Value,
    [property: Id(1)] long Version);

/// <summary>
/// A board's whole state (a snapshot) or what changed since its previous batch. <see cref="Epoch"/>
/// names the board's activation: versions compare only within one epoch, and a watcher that sees a
/// new epoch reads a fresh snapshot.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BoardUpdate(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] IReadOnlyList<Stamped<OperatorPresence>> Operators,
    [property: Id(2)] IReadOnlyList<Stamped<QueueLoad>> Queues);

public static class PresenceKeys
{
    /// <summary>The queue a queue grain key belongs to: a partition key is the queue's id, a separator and a region.</summary>
    public static string QueueIdOf(string queueKey)
    {
        var separator = queueKey.IndexOf(QueueDefinition.PartitionSeparator);
        return separator < 0 ? queueKey : queueKey[..separator];
    }
}
