using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Presence;

/// <summary>
/// One per silo: operator grains hand it their presence reports, and it sends each organisation's
/// board what gathered during a tenth of Presence:UpdateInterval as one message, an operator's
/// latest report only. A lifecycle changes an operator's presence about four times, and each
/// report was a grain call of its own into one board activation per organisation, which every
/// silo's operators share (BENCHMARKS.md §14). The board sends on once per interval anyway, so
/// supervisors see changes at most a tenth of an interval later. The operator's own desk stream
/// does not wait for this: its events travel apart. A silo that dies loses what it gathered; the
/// board shows those operators as it last heard of them until their next change, as when a
/// one-way report is lost.
/// </summary>
public sealed class PresenceRelay : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly Action<string, OperatorPresence[]> _send;
    private readonly TimeSpan _gathering;
    private readonly ITimer _timer;
    private readonly ILogger<PresenceRelay> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, Dictionary<string, OperatorPresence>> _pending = new(StringComparer.Ordinal);
    private bool _armed;
    private bool _stopped;

    public PresenceRelay(IGrainFactory grains, IOptions<PresenceOptions> options, TimeProvider time, ILogger<PresenceRelay> logger)
        : this((organisationId, batch) => grains.Grain<IPresenceBoardGrain>(organisationId).OperatorsChangedAsync(batch), options, time, logger)
    {
    }

    /// <param name="send">One-way: the board's answer is never awaited, so it never holds an operator up.</param>
    internal PresenceRelay(Action<string, OperatorPresence[]> send, IOptions<PresenceOptions> options, TimeProvider time, ILogger<PresenceRelay> logger)
    {
        _send = send;
        _gathering = options.Value.UpdateInterval / 10;
        _logger = logger;
        _timer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gathers a report for the organisation's board; a later report of the same operator replaces it.</summary>
    public void Report(string organisationId, OperatorPresence presence)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                Gather(organisationId, presence);
                return;
            }
        }

        // A stopping silo sends what arrives after its last flush at once rather than drop it.
        Send(organisationId, [presence]);
    }

    /// <summary>Under the gate.</summary>
    private void Gather(string organisationId, OperatorPresence presence)
    {
        if (!_pending.TryGetValue(organisationId, out var operators))
        {
            _pending[organisationId] = operators = new Dictionary<string, OperatorPresence>(StringComparer.Ordinal);
        }

        // An operator that moved between silos reports through two relays; the sequence still orders its reports.
        if (!operators.TryGetValue(presence.OperatorId, out var gathered) || gathered.Sequence <= presence.Sequence)
        {
            operators[presence.OperatorId] = presence;
        }

        if (!_armed)
        {
            _armed = true;
            _timer.Change(_gathering, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sends what gathered, one message per organisation.</summary>
    public void Flush()
    {
        Dictionary<string, Dictionary<string, OperatorPresence>> batches;
        lock (_gate)
        {
            _armed = false;
            if (_pending.Count == 0)
            {
                return;
            }

            batches = _pending;
            _pending = new Dictionary<string, Dictionary<string, OperatorPresence>>(StringComparer.Ordinal);
        }

        foreach (var (organisationId, operators) in batches)
        {
            Send(organisationId, [.. operators.Values]);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // After Active, like the live figures: it stops first, while the boards can still be reached.
        lifecycle.Subscribe(nameof(PresenceRelay), ServiceLifecycleStage.Active + 1, _ => Task.CompletedTask, _ =>
        {
            Stop();
            return Task.CompletedTask;
        });

    /// <summary>Sends what gathered; from now on each report travels at once.</summary>
    internal void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        Flush();
    }

    public void Dispose() => _timer.Dispose();

    private void Send(string organisationId, OperatorPresence[] batch)
    {
        try
        {
            _send(organisationId, batch);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Presence of {Count} operator(s) could not be sent to board {OrganisationId}; it shows on their next change", batch.Length, organisationId);
        }
    }
}
