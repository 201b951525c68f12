using ContactCenter.Model;

namespace ContactCenter.Operators;

/// <summary>
/// How much more an operator can take, per channel. Voice and video need the operator's whole
/// attention: while one is offered or held nothing else fits, and they fit only when nothing else
/// is held. Text runs side by side up to its capacity.
/// </summary>
public static class Workload
{
    public static IReadOnlyDictionary<Channel, int> FreeCapacity(
        IReadOnlyDictionary<Channel, int> capacity,
        IEnumerable<Channel> held)
    {
        var counts = held.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var total = counts.Values.Sum();
        var exclusiveHeld = counts.Keys.Any(IsExclusive);
        var free = new Dictionary<Channel, int>();
        foreach (var (channel, limit) in capacity)
        {
            free[channel] = exclusiveHeld || (IsExclusive(channel) && total > 0)
                ? 0
                : Math.Max(0, limit - counts.GetValueOrDefault(channel));
        }

        return free;
    }

    public static bool HasRoom(IReadOnlyDictionary<Channel, int> free) => free.Values.Any(v => v > 0);

    private static bool IsExclusive(Channel channel) => channel is Channel.Voice or Channel.Video;
}
