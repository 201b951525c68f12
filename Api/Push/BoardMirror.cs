using ContactCenter.Operators;
using ContactCenter.Presence;

namespace ContactCenter.Api.Push;

/// <summary>
/// This host's copy of one organisation's presence board and the streams watching it. Keeps the
/// count of operators per status for each queue up to date as entries change, so a message costs
/// the size of what changed, not the size of the organisation. Not thread-safe: the hub's lock guards it.
/// </summary>
internal sealed class BoardMirror(string organisationId)
{
    private static readonly OperatorStatus[] Statuses = Enum.GetValues<OperatorStatus>();

    private readonly Dictionary<string, Stamped<OperatorPresence>> _operators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stamped<QueueLoad>> _loads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<OperatorStatus, int>> _byStatus = new(StringComparer.Ordinal);

    public string OrganisationId { get; } = organisationId;

    /// <summary>Completes once the first snapshot is applied; faults when the board could not be read.</summary>
    public TaskCompletionSource Loaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<PresenceWatch> Watches { get; } = [];

    /// <summary>Batches that arrived before the first snapshot.</summary>
    public List<BoardUpdate> Early { get; } = [];

    /// <summary>Streams between asking to watch and being registered; the mirror stays while any are.</summary>
    public int Opening { get; set; }

    public bool Resyncing { get; set; }

    public Guid Epoch { get; private set; }

    /// <summary>
    /// Applies a batch (entries newer than those held) or a snapshot (from another activation of
    /// the board it replaces every entry it names), and marks what visibly changed on the watches.
    /// </summary>
    public void Apply(BoardUpdate update, bool snapshot)
    {
        var replace = snapshot && update.Epoch != Epoch;
        if (snapshot)
        {
            Epoch = update.Epoch;
        }

        foreach (var entry in update.Operators)
        {
            var presence = entry.Value;
            _operators.TryGetValue(presence.OperatorId, out var known);
            if (known is not null && !replace && known.Version >= entry.Version)
            {
                continue;
            }

            _operators[presence.OperatorId] = entry;
            if (known is not null && known.Value.LooksLike(presence))
            {
                continue;
            }

            var touched = Recount(known?.Value, presence);
            foreach (var watch in Watches)
            {
                watch.OperatorChanged(known?.Value, presence, touched);
            }
        }

        foreach (var entry in update.Queues)
        {
            var load = entry.Value;
            _loads.TryGetValue(load.QueueKey, out var known);
            if (known is not null && !replace && known.Version >= entry.Version)
            {
                continue;
            }

            _loads[load.QueueKey] = entry;
            if (known?.Value == load)
            {
                continue;
            }

            var queueId = PresenceKeys.QueueIdOf(load.QueueKey);
            foreach (var watch in Watches)
            {
                watch.QueueChanged(queueId);
            }
        }
    }

    /// <summary>The watch's whole scope.</summary>
    public PresenceView Snapshot(PresenceWatch watch, DateTimeOffset now) => View(watch, now, snapshot: true)!;

    /// <summary>What changed for the watch since its last message; null when nothing did.</summary>
    public PresenceView? Changes(PresenceWatch watch, DateTimeOffset now) => View(watch, now, snapshot: false);

    private PresenceView? View(PresenceWatch watch, DateTimeOffset now, bool snapshot)
    {
        List<OperatorPresence> operators;
        List<string> queueIds;
        if (snapshot)
        {
            operators = [.. _operators.Values.Select(e => e.Value).Where(watch.Covers).OrderBy(p => p.OperatorId, StringComparer.Ordinal)];
            queueIds = watch.TeamId is not null ? []
                : watch.QueueId is { } queueId
                ? [queueId]
                : [.. _loads.Keys.Select(PresenceKeys.QueueIdOf).Concat(_byStatus.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        else
        {
            if (watch.PendingOperators.Count + watch.PendingQueues.Count == 0)
            {
                return null;
            }

            operators = [.. watch.PendingOperators.Select(id => _operators[id].Value)];
            queueIds = [.. watch.PendingQueues];
        }

        watch.PendingOperators.Clear();
        watch.PendingQueues.Clear();
        return new PresenceView(snapshot, now, operators, [.. queueIds.Select(QueueView)]);
    }

    private QueueView QueueView(string queueId)
    {
        var loads = _loads.Values.Select(e => e.Value).Where(l => PresenceKeys.QueueIdOf(l.QueueKey) == queueId).ToList();
        var counts = _byStatus.GetValueOrDefault(queueId);
        return new QueueView(
            queueId,
            loads.Sum(l => l.Waiting),
            loads.Select(l => l.OldestSince).Min(),
            Statuses.ToDictionary(status => status, status => counts?.GetValueOrDefault(status) ?? 0));
    }

    /// <summary>Moves the operator's count from its old status and queues to its new ones; returns the queues whose counts changed.</summary>
    private List<string> Recount(OperatorPresence? before, OperatorPresence after)
    {
        var beforeQueues = before?.QueueIds.ToList() ?? [];
        var afterQueues = after.QueueIds.ToList();
        if (before is not null && before.Status == after.Status && beforeQueues.SequenceEqual(afterQueues))
        {
            return [];
        }

        foreach (var queueId in beforeQueues)
        {
            _byStatus[queueId][before!.Status]--;
        }

        foreach (var queueId in afterQueues)
        {
            if (!_byStatus.TryGetValue(queueId, out var counts))
            {
                _byStatus[queueId] = counts = [];
            }

            counts[after.Status] = counts.GetValueOrDefault(after.Status) + 1;
        }

        return [.. beforeQueues.Union(afterQueues, StringComparer.Ordinal)];
    }
}
