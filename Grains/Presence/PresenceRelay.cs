using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Presence;

/// <summary>
/// One per silo: operator grains hand it their presence reports for their organisation's board.
/// A report that finds the relay quiet travels at once and opens a window of a tenth of
/// Presence:UpdateInterval; reports during the window gather, an operator's latest only, and go
/// to each board as one message when it closes, which opens the next window. A lifecycle changes
/// an operator's presence about four times, and each report was a grain call of its own into one
/// board activation per organisation, which every silo's operators share (BENCHMARKS.md §14): now
/// a busy silo sends each board at most ten messages per interval, and a quiet one adds no delay.
/// The operator's own desk stream does not wait for this: its events travel apart. A silo that
/// dies loses what gathered; the board shows those operators as it last heard of them until their
/// next change, as when a one-way report is lost.
/// </summary>
public sealed class PresenceRelay : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly Action<string, OperatorPresence[]> _send;
    private readonly TimeSpan _window;
    private readonly ITimer _timer;
    private readonly ILogger<PresenceRelay> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, Dictionary<string, OperatorPresence>> _pending = new(StringComparer.Ordinal);
    private bool _windowOpen;
    private bool _stopped;

    public PresenceRelay(IGrainFactory grains, IOptions<PresenceOptions> options, TimeProvider time, ILogger<PresenceRelay> logger)
        : this((organisationId, batch) => grains.Grain<IPresenceBoardGrain>(organisationId).OperatorsChangedAsync(batch), options, time, logger)
    {
    }

    /// <param name="send">One-way: the board's answer is never awaited, so it never holds an operator up.</param>
    internal PresenceRelay(Action<string, OperatorPresence[]> send, IOptions<PresenceOptions> options, TimeProvider time, ILogger<PresenceRelay> logger)
    {
        _send = send;
        _window = options.Value.UpdateInterval / 10;
        _logger = logger;
        _timer = time.CreateTimer(_ => CloseWindow(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Sends the report now, or gathers it until the open window closes. The board orders reports
    /// by their sequence, so one sent at once may pass a batch without harm.
    /// </summary>
    public void Report(string organisationId, OperatorPresence presence)
    {
        lock (_gate)
        {
            if (_windowOpen && !_stopped)
            {
                Gather(organisationId, presence);
                return;
            }

            // A stopped relay opens no windows: every report travels at once.
            _windowOpen = !_stopped;
            if (_windowOpen)
            {
                _timer.Change(_window, Timeout.InfiniteTimeSpan);
            }
        }

        Send(organisationId, [presence]);
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

        CloseWindow();
    }

    public void Dispose() => _timer.Dispose();

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
    }

    /// <summary>Sends what gathered, one message per board, and opens the next window; a window that gathered nothing ends the busy spell.</summary>
    private void CloseWindow()
    {
        Dictionary<string, Dictionary<string, OperatorPresence>> batches;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _windowOpen = false;
                return;
            }

            batches = _pending;
            _pending = new Dictionary<string, Dictionary<string, OperatorPresence>>(StringComparer.Ordinal);
            if (!_stopped)
            {
                _timer.Change(_window, Timeout.InfiniteTimeSpan);
            }
        }

        foreach (var (organisationId, operators) in batches)
        {
            Send(organisationId, [.. operators.Values]);
        }
    }

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
