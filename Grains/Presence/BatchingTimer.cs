namespace ContactCenter.Presence;

/// <summary>
/// Runs <paramref name="flush"/> once, <paramref name="delay"/> after the first of a burst of
/// requests: many changes, one report. A grain timer, so it dies with the activation.
/// </summary>
public sealed class BatchingTimer(Grain grain, TimeSpan delay, Func<Task> flush)
{
    private IGrainTimer? _timer;
    private bool _scheduled;

    public void Request()
    {
        if (_scheduled)
        {
            return;
        }

        _scheduled = true;
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private Task RunAsync()
    {
        _scheduled = false;
        return flush();
    }
}
