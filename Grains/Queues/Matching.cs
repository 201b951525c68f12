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

    /// <summary>
    /// Whether <paramref name="candidate"/> may take <paramref name="entry"/> now, with the queue's
    /// overflow relaxations that the entry's wait has earned by <paramref name="now"/>.
    /// </summary>
    public static bool IsEligible(OperatorCandidate candidate, WaitingEntry entry, QueueDefinition queue, DateTimeOffset now)
    {
        var relaxation = RelaxationFor(queue, entry, now);
        return candidate.FreeCapacity.GetValueOrDefault(entry.Channel) > 0
            && !entry.DeclinedBy.Contains(candidate.OperatorId)
            && (entry.ReservedFor is null || entry.ReservedFor == candidate.OperatorId)
            && (relaxation.AnyRegion || candidate.Regions.Count == 0 || candidate.Regions.Contains(entry.RegionId))
            && candidate.Languages.Contains(entry.Language)
            && queue.RequiredSkills.All(required =>
                candidate.Skills.GetValueOrDefault(required.Key) >= Math.Max(1, required.Value - relaxation.ProficiencyDrop));
    }

    /// <summary>The passive overflow steps (region, proficiency) an entry has reached by waiting.</summary>
    public static Relaxation RelaxationFor(QueueDefinition queue, WaitingEntry entry, DateTimeOffset now)
    {
        var waited = now - entry.EnqueuedAt;
        var reached = queue.OverflowSteps.Where(step => step.After <= waited).ToList();
        return new Relaxation(
            reached.Any(step => step.Kind == OverflowKind.WidenRegion),
            reached.Where(step => step.Kind == OverflowKind.LowerProficiency).Sum(step => step.ProficiencyDrop));
    }

    /// <summary>When the next passive overflow step of any waiting entry comes due; null when none will.</summary>
    public static DateTimeOffset? NextRelaxation(QueueDefinition queue, IEnumerable<WaitingEntry> waiting, DateTimeOffset now)
    {
        var passive = queue.OverflowSteps.Where(step => step.Kind is OverflowKind.WidenRegion or OverflowKind.LowerProficiency).ToList();
        if (passive.Count == 0)
        {
            return null;
        }

        return waiting
            .SelectMany(entry => passive.Select(step => entry.EnqueuedAt + step.After))
            .Where(at => at > now)
            .Select(at => (DateTimeOffset?)at)
            .Min();
    }

    /// <summary>The eligible candidates for <paramref name="entry"/>, best first by the queue's strategy.</summary>
    public static IReadOnlyList<OperatorCandidate> RankCandidates(
        IEnumerable<OperatorCandidate> candidates,
        WaitingEntry entry,
        QueueDefinition queue,
        string? lastAssignedOperatorId,
        DateTimeOffset now)
    {
        var eligible = candidates.Where(c => IsEligible(c, entry, queue, now)).ToList();
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

public readonly record struct Relaxation(bool AnyRegion, int ProficiencyDrop);
