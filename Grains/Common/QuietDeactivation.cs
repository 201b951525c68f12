namespace ContactCenter.Common;

/// <summary>
/// Deactivates a grain once no call has reached it for a quiet spell. For grains touched a
/// few times per contact (a caller's phone index, the citizen card): kept to the idle-collection
/// age, every caller of the last minutes held two activations, most of the node's memory under a
/// chat load (BENCHMARKS §6). Not deactivated after each call: calls for one number come in
/// bursts, and calls that arrive during a deactivation are refused after two forwards; a burst
/// keeps resetting the quiet period instead.
/// </summary>
public sealed class QuietDeactivation
{
    private readonly Grain _grain;
    private readonly TimeSpan _quiet;
    private IGrainTimer? _timer;

    public QuietDeactivation(Grain grain, TimeSpan quiet)
    {
        _grain = grain;
        _quiet = quiet;
    }

    /// <summary>Called on every incoming call: restarts the quiet period.</summary>
    public void Touch()
    {
        if (_timer is null)
        {
            _timer = _grain.RegisterGrainTimer(
                () =>
                {
                    _grain.DeactivateOnIdle();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(_quiet, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
        }
    }
}
