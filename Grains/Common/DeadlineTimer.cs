namespace ContactCenter.Common;

/// <summary>
/// Fires once at a deadline on the domain clock. The callback runs off the grain's scheduler, so
/// it must only send the grain a message (which then re-checks what is due).
/// </summary>
public sealed class DeadlineTimer(DomainClock clock, Func<Task> onDue) : IDisposable
{
    private ITimer? _timer;

    public void Arm(DateTimeOffset? deadline)
    {
        _timer?.Dispose();
        _timer = null;
        if (deadline is not { } at)
        {
            return;
        }

        var due = at - clock.Now;
        _timer = clock.Time.CreateTimer(_ => _ = onDue(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => Arm(null);
}
