using ContactCenter.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Statistics;

/// <summary>
/// One per silo: interactions hand it their facts with a method call, it sums them per scope and
/// minute and sends the sums on every <see cref="StatisticsOptions.FlushInterval"/>, so a busy
/// queue's statistics grain gets one message per silo per interval instead of one per contact.
/// It was a stateless-worker grain; as a plain service it saves the three grain calls per contact
/// that the handing over cost (BENCHMARKS.md §8). A silo that dies loses at most one interval of
/// the live figures; the reporting store, written from the interactions themselves, stays complete.
/// </summary>
public sealed class LiveFiguresCollector(
    IGrainFactory grains,
    IOptions<StatisticsOptions> options,
    ContactCenterMetrics metrics,
    ILogger<LiveFiguresCollector> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, Dictionary<DateTimeOffset, FigureCounters>> _pending = new(StringComparer.Ordinal);
    private Task? _loop;

    public void Record(ContactEvent contactEvent)
    {
        metrics.Contact(contactEvent);
        var delta = LiveCounters.Count(contactEvent, options.Value.ShortAbandon);
        var minute = LiveWindow.MinuteOf(contactEvent.At);
        lock (_gate)
        {
            foreach (var scope in StatisticsScopes.For(contactEvent))
            {
                if (!_pending.TryGetValue(scope, out var minutes))
                {
                    _pending[scope] = minutes = [];
                }

                if (!minutes.TryGetValue(minute, out var counters))
                {
                    minutes[minute] = counters = new FigureCounters();
                }

                counters.Add(delta);
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // After Active: it stops first, while this silo is still an active member that can place
        // the statistics grains it sends to.
        lifecycle.Subscribe(nameof(LiveFiguresCollector), ServiceLifecycleStage.Active + 1, _ => Start(), StopAsync);

    /// <summary>Sends what was gathered since the last flush; a failure is logged and those sums are lost, as on a silo's death.</summary>
    public Task FlushAsync() => FlushAsync(last: false, CancellationToken.None);

    /// <param name="last">
    /// The stopping silo's flush: each grain saves before answering, so nothing sent rides on a
    /// one-way message that the grain's deactivation with this silo could drop. It waits no
    /// longer than the host gives the silo to stop.
    /// </param>
    private async Task FlushAsync(bool last, CancellationToken cancellationToken)
    {
        Dictionary<string, Dictionary<DateTimeOffset, FigureCounters>> batches;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batches = _pending;
            _pending = new Dictionary<string, Dictionary<DateTimeOffset, FigureCounters>>(StringComparer.Ordinal);
        }

        try
        {
            await Task.WhenAll(batches.Select(batch => last
                ? grains.Grain<IStatisticsGrain>(batch.Key).MergeAndSaveAsync(batch.Value)
                : grains.Grain<IStatisticsGrain>(batch.Key).MergeAsync(batch.Value))).WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Live figures of {Scopes} scope(s) could not be sent; the live panels miss them, the reports do not", batches.Count);
        }
    }

    private Task Start()
    {
        _loop ??= Task.Run(RunAsync);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await FlushAsync(last: true, cancellationToken);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the last flush follows in StopAsync.
        }
    }
}
