namespace ContactCenter.Queues;

/// <summary>Waiting interactions in routing order, with lookup by id.</summary>
public sealed class WaitingList
{
    private readonly RankedSet<WaitingEntry> _ordered = new(Matching.WaitingOrder);
    private readonly Dictionary<string, WaitingEntry> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public IEnumerable<WaitingEntry> InOrder => _ordered;

    public bool Contains(string interactionId) => _byId.ContainsKey(interactionId);

    public bool Add(WaitingEntry entry)
    {
        if (!_byId.TryAdd(entry.InteractionId, entry))
        {
            return false;
        }

        _ordered.Add(entry);
        return true;
    }

    public WaitingEntry? Remove(string interactionId)
    {
        if (!_byId.Remove(interactionId, out var entry))
        {
            return null;
        }

        _ordered.Remove(entry);
        return entry;
    }

    /// <summary>1-based place in line, or 0 when not waiting here.</summary>
    public int PositionOf(string interactionId) =>
        _byId.TryGetValue(interactionId, out var entry) ? _ordered.PositionOf(entry) : 0;
}
