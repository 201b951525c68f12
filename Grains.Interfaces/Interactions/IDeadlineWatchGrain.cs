namespace ContactCenter.Interactions;

/// <summary>
/// One shard of the durable backstop for interaction deadlines. Deadlines run on in-memory timers;
/// a watched interaction is woken once per backstop period by this shard's single reminder, so a
/// deadline still fires, and a queue that lost the contact gets it back, after the silo holding the
/// interaction (or its queue) died. One reminder per shard instead of one per contact: registering
/// and removing a reminder per contact went through the silo's one reminder service and was most of
/// the register→offer tail (BENCHMARKS §6). The key is the shard number (<see cref="DeadlineWatch.ShardOf"/>).
/// </summary>
public interface IDeadlineWatchGrain : IGrainWithIntegerKey
{
    /// <summary>Watches the interaction; returns once that is durable. Repeating it is safe.</summary>
    Task WatchAsync(string interactionId);

    /// <summary>Stops watching it. Saved lazily: a stale entry costs one wake that answers "not wanted".</summary>
    Task ForgetAsync(string interactionId);

    /// <summary>Whether the interaction is watched (for diagnostics and tests).</summary>
    ValueTask<bool> IsWatchingAsync(string interactionId);

    /// <summary>How many interactions this shard watches.</summary>
    ValueTask<int> CountAsync();
}

public static class DeadlineWatch
{
    /// <summary>
    /// The shard of an interaction: FNV-1a over the key's UTF-16 code units, so every process and
    /// every run agrees (string.GetHashCode is randomised per process).
    /// </summary>
    public static int ShardOf(string interactionId, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in interactionId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
