namespace ContactCenter.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps in tests.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        using var poll = new PeriodicTimer(PollInterval);
        while (true)
        {
            var last = await read();
            if (condition(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen in time; last seen: {last}");
            }

            await poll.WaitForNextTickAsync();
        }
    }

    public static Task<T> MatchAsync<T>(Func<ValueTask<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null) =>
        MatchAsync(() => read().AsTask(), condition, what, timeout);
}
