using ContactCenter.Common;

namespace ContactCenter.Tests.Common;

public sealed class CoalescingStateWriterTests
{
    [Fact]
    public async Task Writes_requested_during_a_write_merge_into_one_that_follows_it()
    {
        var gates = new List<TaskCompletionSource>();
        var running = 0;
        var maxRunning = 0;
        var writer = new CoalescingStateWriter(async () =>
        {
            maxRunning = Math.Max(maxRunning, ++running);
            var gate = new TaskCompletionSource();
            gates.Add(gate);
            await gate.Task;
            running--;
        });

        var first = writer.WriteAsync();
        var second = writer.WriteAsync();
        var third = writer.WriteAsync();
        Assert.Single(gates);
        Assert.Same(second, third);

        gates[0].SetResult();
        await first;
        Assert.False(second.IsCompleted);
        Assert.Equal(2, gates.Count);

        gates[1].SetResult();
        await second;
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task A_failed_write_fails_the_callers_waiting_for_it_and_the_next_write_runs()
    {
        var fail = true;
        var writes = 0;
        var writer = new CoalescingStateWriter(() =>
        {
            writes++;
            return fail ? Task.FromException(new InvalidOperationException("storage down")) : Task.CompletedTask;
        });

        await Assert.ThrowsAsync<InvalidOperationException>(writer.WriteAsync);
        fail = false;
        await writer.WriteAsync();
        Assert.Equal(2, writes);
    }
}
