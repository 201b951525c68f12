namespace ContactCenter.Common;

/// <summary>
/// The clock the domain reads and schedules deadlines on. Kept apart from the runtime's own
/// <see cref="TimeProvider"/> so tests can drive the regulated limits with a fake clock
/// without also driving Orleans' membership and maintenance loops.
/// </summary>
public sealed class DomainClock(TimeProvider time)
{
    public static DomainClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
