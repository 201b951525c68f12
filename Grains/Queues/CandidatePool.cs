using ContactCenter.Directory;
using ContactCenter.Model;

namespace ContactCenter.Queues;

/// <summary>
/// The operators a queue may offer work to now, by id and in the queue's strategy order, so the
/// best one for a contact is the first in order that fits: with thousands of operators, scoring
/// every one for every waiting contact made each matching pass cost milliseconds.
/// </summary>
public sealed class CandidatePool
{
    private readonly Dictionary<string, OperatorCandidate> _byId = new(StringComparer.Ordinal);
    private SortedSet<OperatorCandidate>? _ordered;
    private QueueDefinition? _orderedFor;

    public int Count => _byId.Count;

    public IEnumerable<OperatorCandidate> Values => _byId.Values;

    public bool Contains(string operatorId) => _byId.ContainsKey(operatorId);

    public bool TryGet(string operatorId, out OperatorCandidate candidate) => _byId.TryGetValue(operatorId, out candidate!);

    /// <summary>Adds the operator, or replaces what was known of it.</summary>
    public void Set(OperatorCandidate candidate)
    {
        if (_byId.Remove(candidate.OperatorId, out var known))
        {
            _ordered?.Remove(known);
        }

        _byId[candidate.OperatorId] = candidate;
        _ordered?.Add(candidate);
    }

    public void Remove(string operatorId)
    {
        if (_byId.Remove(operatorId, out var known))
        {
            _ordered?.Remove(known);
        }
    }

    /// <summary>
    /// The first candidate in the queue's order that <paramref name="requirements"/> admits,
    /// skipping <paramref name="skip"/>; null when none does. Round robin turns with every
    /// assignment, so it is scored afresh each time instead of kept in order.
    /// </summary>
    public OperatorCandidate? Best(QueueDefinition queue, in Requirements requirements, string? lastAssignedOperatorId, IReadOnlySet<string> skip)
    {
        if (queue.Strategy == SelectionStrategy.RoundRobin)
        {
            return Matching.BestCandidate(_byId.Values, requirements, Matching.CandidateOrder(queue, lastAssignedOperatorId), skip);
        }

        foreach (var candidate in OrderedFor(queue))
        {
            if (!skip.Contains(candidate.OperatorId) && requirements.Admits(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The candidates in <paramref name="queue"/>'s order, sorted again when that order changed.</summary>
    private SortedSet<OperatorCandidate> OrderedFor(QueueDefinition queue)
    {
        if (_ordered is null || _orderedFor is null || !SameOrder(_orderedFor, queue))
        {
            _ordered = new SortedSet<OperatorCandidate>(_byId.Values, Matching.CandidateOrder(queue, lastAssignedOperatorId: null));
            _orderedFor = queue;
        }

        return _ordered;
    }

    /// <summary>Whether two versions of a queue rank operators alike (the directory hands out fresh copies).</summary>
    private static bool SameOrder(QueueDefinition before, QueueDefinition now) =>
        ReferenceEquals(before, now)
        || (before.Strategy == now.Strategy
            && (now.Strategy != SelectionStrategy.MostSkilled
                || (before.RequiredSkills.Count == now.RequiredSkills.Count
                    && before.RequiredSkills.All(skill => now.RequiredSkills.TryGetValue(skill.Key, out var level) && level == skill.Value))));
}
