using ContactCenter.Directory;

namespace ContactCenter.Queues;

/// <summary>
/// Who may take which waiting interaction, and in which order candidates are tried. Pure: the
/// queue grain holds the state, this decides.
/// </summary>
public static class Matching
{
    /// <summary>Priority first, then the longest wait; the id keeps the order total.</summary>
    public static readonly IComparer<WaitingEntry> WaitingOrder = Comparer<WaitingEntry>.Create((a, b) =>
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byWait = a.EnqueuedAt.CompareTo(b.EnqueuedAt);
        return byWait != 0 ? byWait : string.CompareOrdinal(a.InteractionId, b.InteractionId);
    });

    public static bool IsEligible(OperatorCandidate candidate, WaitingEntry entry, QueueDefinition queue) =>
        candidate.FreeCapacity.GetValueOrDefault(entry.Channel) > 0
        && !entry.DeclinedBy.Contains(candidate.OperatorId)
        && (candidate.Regions.Count == 0 || candidate.Regions.Contains(entry.RegionId))
        && candidate.Languages.Contains(entry.Language)
        && queue.RequiredSkills.All(required => candidate.Skills.GetValueOrDefault(required.Key) >= required.Value);

    /// <summary>The eligible candidates for <paramref name="entry"/>, best first by the queue's strategy.</summary>
    public static IReadOnlyList<OperatorCandidate> RankCandidates(
        IEnumerable<OperatorCandidate> candidates,
        WaitingEntry entry,
        QueueDefinition queue,
        string? lastAssignedOperatorId)
    {
        var eligible = candidates.Where(c => IsEligible(c, entry, queue)).ToList();
        if (eligible.Count <= 1)
        {
            return eligible;
        }

        IOrderedEnumerable<OperatorCandidate> ordered = queue.Strategy switch
        {
            SelectionStrategy.MostSkilled => eligible
                .OrderByDescending(c => SkillScore(c, queue))
                .ThenBy(c => c.IdleSince),
            SelectionStrategy.LeastOccupied => eligible
                .OrderBy(c => c.ActiveCount)
                .ThenBy(c => c.IdleSince),
            SelectionStrategy.RoundRobin => eligible
                .OrderBy(c => lastAssignedOperatorId is not null && string.CompareOrdinal(c.OperatorId, lastAssignedOperatorId) <= 0)
                .ThenBy(c => c.OperatorId, StringComparer.Ordinal),
            _ => eligible.OrderBy(c => c.IdleSince),
        };
        return ordered.ThenBy(c => c.OperatorId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Of the heads offered by several queues, the one an operator freeing up should take.</summary>
    public static WaitingEntry? BestOf(IEnumerable<WaitingEntry?> heads) =>
        heads.OfType<WaitingEntry>().Order(WaitingOrder).FirstOrDefault();

    private static int SkillScore(OperatorCandidate candidate, QueueDefinition queue) =>
        queue.RequiredSkills.Keys.Sum(skill => candidate.Skills.GetValueOrDefault(skill));
}
