using System.Diagnostics;

namespace ContactCenter.Common;

/// <summary>
/// Deactivates a grain once no call has reached it for a quiet spell. For grains touched a
/// few times per contact (a caller's phone index, the citizen card): kept to the idle-collection
/// age, every caller of the last minutes held two activations, most of the node's memory under a
/// chat load (BENCHMARKS §6). Not deactivated after each call: calls for one number come in
/// bursts, and calls that arrive during a deactivation are refused after two forwards; a burst
/// keeps extending the quiet period instead.
/// </summary>
/// <remarks>
/// Each call says how long a spell it earns: a registration's one-off lookup a short one, a person
/// working with the card a long one (BENCHMARKS §11: an activation that outlives a collection of
/// the young generation is copied, and at a centre's rate those copies were the collector's pauses).
/// A short spell never cuts a longer one still running.
/// </remarks>
public sealed class QuietDeactivation
{
    private readonly Grain _grain;
    private QuietSpell _spell;
    private IGrainTimer? _timer;

    public QuietDeactivation(Grain grain)
    {
        _grain = grain;
    }

    /// <summary>Called on every incoming call with the spell that call earns.</summary>
    public void Touch(TimeSpan quiet)
    {
        // The grain timer runs on real time, so the spell is measured on the same monotonic clock.
        if (!_spell.Extend(Stopwatch.GetTimestamp(), quiet, Stopwatch.Frequency))
        {
            return;
        }

        if (_timer is null)
        {
            _timer = _grain.RegisterGrainTimer(
                () =>
                {
                    _grain.DeactivateOnIdle();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(quiet, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _timer.Change(quiet, Timeout.InfiniteTimeSpan);
        }
    }
}

/// <summary>When a quiet spell ends, in timestamps of a monotonic clock.</summary>
public struct QuietSpell
{
    private long _endsAt;
    private bool _running;

    /// <summary>
    /// Starts a spell of <paramref name="quiet"/> from <paramref name="now"/> unless the running one
    /// ends later; true when the end moved (the timer must be set to <paramref name="quiet"/>).
    /// </summary>
    public bool Extend(long now, TimeSpan quiet, long timestampFrequency)
    {
        var endsAt = now + (long)(quiet.TotalSeconds * timestampFrequency);
        if (_running && endsAt <= _endsAt)
        {
            return false;
        }

        _endsAt = endsAt;
        _running = true;
        return true;
    }
}
