using System.Collections.Concurrent;
using ContactCenter.Common;
using ContactCenter.Presence;
using Microsoft.Extensions.Options;

namespace ContactCenter.Api.Services;

/// <summary>
/// Whether a desk's call should be passed on to its operator grain as a sign of life. The grain
/// needs one well within <see cref="PresenceOptions.DeskTimeout"/>, not one per call: an accept and
/// a complete each sent one, two of the fourteen grain calls of a whole contact (BENCHMARKS.md §8).
/// This node passes at most one per operator per sixth of the timeout (5 s of the default 30 s), so
/// a desk heard by no one for a whole timeout, the only one that can be lost, is always passed.
/// </summary>
public sealed class DeskActivity(DomainClock clock, IOptions<PresenceOptions> presence)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPassed = new(StringComparer.Ordinal);

    public TimeSpan Interval => presence.Value.DeskTimeout / 6;

    public bool ShouldPass(string operatorId)
    {
        var now = clock.Now;
        if (_lastPassed.TryGetValue(operatorId, out var last) && now >= last && now - last < Interval)
        {
            return false;
        }

        _lastPassed[operatorId] = now;
        return true;
    }
}
