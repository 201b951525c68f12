using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ContactCenter.Presence;

namespace ContactCenter.Api.Push;

/// <summary>
/// One supervisor stream's share of the hub: the ids of operators and queues that changed since it
/// last wrote, and a one-slot signal. Changes arriving while the stream writes merge into the next
/// message, so its cost follows how fast it writes, not how many grains change.
/// </summary>
public sealed class PresenceWatch : IDisposable
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Func<PresenceWatch, PresenceView?> _drain;
    private readonly Action<PresenceWatch> _close;
    private PresenceView? _snapshot;
    private int _closed;

    internal PresenceWatch(string organisationId, string? queueId, string? teamId, Func<PresenceWatch, PresenceView?> drain, Action<PresenceWatch> close)
    {
        OrganisationId = organisationId;
        QueueId = queueId;
        TeamId = teamId;
        _drain = drain;
        _close = close;
    }

    public string OrganisationId { get; }

    /// <summary>Null when the whole organisation (or a team) is watched.</summary>
    public string? QueueId { get; }

    /// <summary>Set when one team is watched: its operators only, no queues.</summary>
    public string? TeamId { get; }

    /// <summary>Changed since the last message; guarded by the hub's lock.</summary>
    internal HashSet<string> PendingOperators { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> PendingQueues { get; } = new(StringComparer.Ordinal);

    /// <summary>The snapshot first, then one message per batch of changes, until the stream is cancelled or disposed.</summary>
    public async IAsyncEnumerable<PresenceView> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _snapshot, null) is { } snapshot)
        {
            yield return snapshot;
        }

        while (await _signal.Reader.WaitToReadAsync(cancellationToken))
        {
            _signal.Reader.TryRead(out _);
            if (_drain(this) is { } changes)
            {
                yield return changes;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _close(this);
            _signal.Writer.TryComplete();
        }
    }

    internal void Start(PresenceView snapshot) => _snapshot = snapshot;

    internal bool Covers(OperatorPresence presence) =>
        TeamId is null ? QueueId is null || presence.QueueIds.Contains(QueueId) : presence.TeamId == TeamId;

    internal bool Covers(string queueId) => TeamId is null && (QueueId is null || QueueId == queueId);

    /// <summary>Called under the hub's lock.</summary>
    internal void OperatorChanged(OperatorPresence? before, OperatorPresence after, IEnumerable<string> queuesTouched)
    {
        var changed = false;
        if (Covers(after) || (before is not null && Covers(before)))
        {
            changed |= PendingOperators.Add(after.OperatorId);
        }

        foreach (var queueId in queuesTouched.Where(Covers))
        {
            changed |= PendingQueues.Add(queueId);
        }

        if (changed)
        {
            _signal.Writer.TryWrite(true);
        }
    }

    /// <summary>Called under the hub's lock.</summary>
    internal void QueueChanged(string queueId)
    {
        if (Covers(queueId) && PendingQueues.Add(queueId))
        {
            _signal.Writer.TryWrite(true);
        }
    }
}
