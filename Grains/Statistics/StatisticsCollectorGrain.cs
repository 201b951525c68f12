using ContactCenter.Common;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ContactCenter.Statistics;

/// <summary>
/// Sums facts per scope and minute on the silo where they happen and sends the sums on every
/// <see cref="StatisticsOptions.FlushInterval"/>. A silo that dies loses at most that much of the
/// live figures; the reporting store, written from the interactions themselves, stays complete.
/// </summary>
[StatelessWorker(1)]
public sealed class StatisticsCollectorGrain(IOptions<StatisticsOptions> options, ContactCenterMetrics metrics) : Grain, IStatisticsCollectorGrain
{
    private readonly Dictionary<string, Dictionary<DateTimeOffset, FigureCounters>> _pending = new(StringComparer.Ordinal);
    private IGrainTimer? _flushTimer;

    public Task RecordAsync(ContactEvent contactEvent)
    {
        metrics.Contact(contactEvent);
        var delta = LiveCounters.Count(contactEvent, options.Value.ShortAbandon);
        var minute = LiveWindow.MinuteOf(contactEvent.At);
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

        _flushTimer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(options.Value.FlushInterval, options.Value.FlushInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    private Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return Task.CompletedTask;
        }

        var batches = _pending.ToList();
        _pending.Clear();
        return Task.WhenAll(batches.Select(batch => GrainFactory.Grain<IStatisticsGrain>(batch.Key).MergeAsync(batch.Value)));
    }
}
