using System.Collections.Concurrent;
using ContactCenter.Operators;

namespace ContactCenter.Tests.Routing.Concurrency;

/// <summary>
/// Subscribes to operators' desks and keeps every snapshot they publish: the operators' own
/// history of offers and assignments, so invariants are checked over time, not only at the end.
/// </summary>
public sealed class DeskRecorder : IDeskObserver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<OperatorSnapshot>> _history = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ConcurrentQueue<OperatorSnapshot>> History => _history;

    public Task OnDeskEventAsync(string operatorId, DeskEvent deskEvent)
    {
        _history.GetOrAdd(operatorId, _ => new ConcurrentQueue<OperatorSnapshot>()).Enqueue(deskEvent.Snapshot);
        return Task.CompletedTask;
    }

    /// <summary>Whether the last snapshot the operator published has arrived here.</summary>
    public bool HasSeen(string operatorId, long sequence) =>
        _history.TryGetValue(operatorId, out var snapshots) && snapshots.Any(s => s.Sequence >= sequence);
}
