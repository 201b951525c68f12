using ContactCenter.Model;

namespace ContactCenter.Operators;

/// <summary>
/// How much more an operator can take, per channel. Voice and video need the operator's whole
/// attention: while one is offered or held nothing else fits, and they fit only when nothing else
/// is held. Text runs side by side up to its capacity.
/// </summary>
public static class Workload
{
    /// <summary>One counter per channel value: the operator grain asks this several times a contact, so no grouping.</summary>
    private static readonly int ChannelSlots = Enum.GetValues<Channel>().Max(c => (int)c) + 1;

    public static Dictionary<Channel, int> FreeCapacity(IReadOnlyDictionary<Channel, int> capacity, IEnumerable<Channel> held)
    {
        Span<int> counts = stackalloc int[ChannelSlots];
        foreach (var channel in held)
        {
            counts[(int)channel]++;
        }

        return Free(capacity, counts);
    }

    public static Dictionary<Channel, int> FreeCapacity(
        IReadOnlyDictionary<Channel, int> capacity,
        IReadOnlyList<OfferInfo> offers,
        IReadOnlyList<Assignment> assignments)
    {
        Span<int> counts = stackalloc int[ChannelSlots];
        for (var i = 0; i < offers.Count; i++)
        {
            counts[(int)offers[i].Channel]++;
        }

        for (var i = 0; i < assignments.Count; i++)
        {
            counts[(int)assignments[i].Channel]++;
        }

        return Free(capacity, counts);
    }

    public static bool HasRoom(IReadOnlyDictionary<Channel, int> free)
    {
        foreach (var (_, room) in free)
        {
            if (room > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<Channel, int> Free(IReadOnlyDictionary<Channel, int> capacity, ReadOnlySpan<int> counts)
    {
        var total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        var exclusiveHeld = counts[(int)Channel.Voice] > 0 || counts[(int)Channel.Video] > 0;
        var free = new Dictionary<Channel, int>(capacity.Count);
        foreach (var (channel, limit) in capacity)
        {
            free[channel] = exclusiveHeld || (IsExclusive(channel) && total > 0)
                ? 0
                : Math.Max(0, limit - counts[(int)channel]);
        }

        return free;
    }

    private static bool IsExclusive(Channel channel) => channel is Channel.Voice or Channel.Video;
}
