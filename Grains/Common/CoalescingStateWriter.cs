namespace ContactCenter.Common;

/// <summary>
/// Serialises state writes of a reentrant grain: two interleaved turns never write at once (which
/// would trip the storage ETag check), and writes requested while one is in flight merge into one.
/// Not thread-safe by design: a grain activation runs one turn at a time.
/// </summary>
public sealed class CoalescingStateWriter(Func<Task> write)
{
    private TaskCompletionSource? _pending;
    private bool _running;

    /// <summary>No write is in flight or asked for: everything changed before now has been written (or failed).</summary>
    public bool Idle => !_running && _pending is null;

    /// <summary>Completes once a write that started after this call has finished.</summary>
    public Task WriteAsync()
    {
        if (_pending is not null)
        {
            return _pending.Task;
        }

        var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        if (!_running)
        {
            _ = PumpAsync();
        }

        return pending.Task;
    }

    private async Task PumpAsync()
    {
        _running = true;
        try
        {
            while (_pending is { } batch)
            {
                _pending = null;
                try
                {
                    await write();
                    batch.SetResult();
                }
                catch (Exception ex)
                {
                    batch.SetException(ex);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
