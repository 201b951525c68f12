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
    public static bool IsEligible(OperatorCandidate candidate, WaitingEntry entry, QueueDefinition queue, DateTimeOffset now) =>
        RequirementsFor(entry, queue, now).Admits(candidate);

    /// <summary>
    /// What <paramref name="entry"/> asks of an operator at <paramref name="now"/>: worked out once
    /// per entry, then checked against every candidate without allocating.
    /// </summary>
    public static Requirements RequirementsFor(WaitingEntry entry, QueueDefinition queue, DateTimeOffset now)
    {
        var relaxation = RelaxationFor(queue, entry, now);
        var skills = new KeyValuePair<string, int>[queue.RequiredSkills.Count];
        var i = 0;
        foreach (var (skill, level) in queue.RequiredSkills)
        {
            skills[i++] = new(skill, Math.Max(1, level - relaxation.ProficiencyDrop));
        }

        return new Requirements(entry, relaxation.AnyRegion, skills);
    }

    /// <summary>The passive overflow steps (region, proficiency) an entry has reached by waiting.</summary>
    public static Relaxation RelaxationFor(QueueDefinition queue, WaitingEntry entry, DateTimeOffset now)
    {
        var waited = now - entry.EnqueuedAt;
        var steps = queue.OverflowSteps;
        var anyRegion = false;
        var proficiencyDrop = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.After > waited)
            {
                continue;
            }

            anyRegion |= step.Kind == OverflowKind.WidenRegion;
            proficiencyDrop += step.Kind == OverflowKind.LowerProficiency ? step.ProficiencyDrop : 0;
        }

        return new Relaxation(anyRegion, proficiencyDrop);
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
        var requirements = RequirementsFor(entry, queue, now);
        var eligible = candidates.Where(requirements.Admits).ToList();
        eligible.Sort(CandidateOrder(queue, lastAssignedOperatorId));
        return eligible;
    }

    /// <summary>
    /// The first candidate <see cref="RankCandidates"/> would give, in one pass and without
    /// sorting, skipping the operators in <paramref name="skip"/>; null when none fits.
    /// </summary>
    public static OperatorCandidate? BestCandidate(
        IEnumerable<OperatorCandidate> candidates,
        in Requirements requirements,
        IComparer<OperatorCandidate> order,
        IReadOnlySet<string>? skip = null)
    {
        OperatorCandidate? best = null;
        foreach (var candidate in candidates)
        {
            if ((skip is null || !skip.Contains(candidate.OperatorId))
                && requirements.Admits(candidate)
                && (best is null || order.Compare(candidate, best) < 0))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>
    /// The queue's strategy as a total order, best first; the operator id breaks ties. Round robin
    /// starts after <paramref name="lastAssignedOperatorId"/> and wraps around.
    /// </summary>
    public static IComparer<OperatorCandidate> CandidateOrder(QueueDefinition queue, string? lastAssignedOperatorId) =>
        Comparer<OperatorCandidate>.Create((a, b) =>
        {
            var byStrategy = queue.Strategy switch
            {
                SelectionStrategy.MostSkilled => Chain(SkillScore(b, queue).CompareTo(SkillScore(a, queue)), a.IdleSince.CompareTo(b.IdleSince)),
                SelectionStrategy.LeastOccupied => Chain(a.ActiveCount.CompareTo(b.ActiveCount), a.IdleSince.CompareTo(b.IdleSince)),
                SelectionStrategy.RoundRobin => AtOrBefore(a, lastAssignedOperatorId).CompareTo(AtOrBefore(b, lastAssignedOperatorId)),
                _ => a.IdleSince.CompareTo(b.IdleSince),
            };
            return Chain(byStrategy, string.CompareOrdinal(a.OperatorId, b.OperatorId));
        });

    /// <summary>Of the heads offered by several queues, the one an operator freeing up should take.</summary>
    public static WaitingEntry? BestOf(IEnumerable<WaitingEntry?> heads) =>
        heads.OfType<WaitingEntry>().Order(WaitingOrder).FirstOrDefault();

    private static int SkillScore(OperatorCandidate candidate, QueueDefinition queue)
    {
        var score = 0;
        foreach (var skill in queue.RequiredSkills.Keys)
        {
            score += candidate.Skills.GetValueOrDefault(skill);
        }

        return score;
    }

    private static bool AtOrBefore(OperatorCandidate candidate, string? lastAssignedOperatorId) =>
        lastAssignedOperatorId is not null && string.CompareOrdinal(candidate.OperatorId, lastAssignedOperatorId) <= 0;

    private static int Chain(int first, int then) => first != 0 ? first : then;
}

public readonly record struct Relaxation(bool AnyRegion, int ProficiencyDrop);

/// <summary>What one waiting entry asks of an operator, with the relaxations its wait has earned.</summary>
public readonly struct Requirements(WaitingEntry entry, bool anyRegion, KeyValuePair<string, int>[] minimumSkills)
{
    public bool Admits(OperatorCandidate candidate)
    {
        if (candidate.FreeCapacity.GetValueOrDefault(entry.Channel) <= 0
            || (entry.ReservedFor is not null && entry.ReservedFor != candidate.OperatorId)
            || !candidate.Languages.Contains(entry.Language)
            || (!anyRegion && candidate.Regions.Count != 0 && !candidate.Regions.Contains(entry.RegionId))
            || entry.DeclinedBy.Contains(candidate.OperatorId))
        {
            return false;
        }

        foreach (var (skill, minimum) in minimumSkills)
        {
            if (candidate.Skills.GetValueOrDefault(skill) < minimum)
            {
                return false;
            }
        }

        return true;
    }
}
