using System.Collections.Concurrent;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// Holds the answer to one grain-to-grain call away from its caller until the test releases it:
/// the callee has done its work, the caller has not heard yet. Pins down an interleaving that a
/// race would otherwise produce only by chance. Or refuses one call outright, as a callee that
/// failed or a silo that died would: the callee never hears of it.
/// </summary>
public sealed class ResponseGate : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<(GrainId Target, string Method), TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<(GrainId Target, string Method), TaskCompletionSource> _reached = new();
    private readonly ConcurrentDictionary<(GrainId Target, string Method), bool> _refused = new();

    /// <summary>The next call of <paramref name="method"/> on <paramref name="target"/> fails without reaching it.</summary>
    public void RefuseOnce(GrainId target, string method) => _refused[(target, method)] = true;

    public void Hold(GrainId target, string method)
    {
        _held[(target, method)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reached[(target, method)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes once a held call's answer is being held: the callee has answered, the caller waits.</summary>
    public Task HeldAsync(GrainId target, string method) => _reached[(target, method)].Task;

    public void Release(GrainId target, string method)
    {
        if (_held.TryRemove((target, method), out var gate))
        {
            gate.SetResult();
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (_refused.TryRemove((context.TargetId, context.MethodName), out _))
        {
            throw new InvalidOperationException($"refused by the test: {context.MethodName} on {context.TargetId}");
        }

        await context.Invoke();
        if (_held.TryGetValue((context.TargetId, context.MethodName), out var gate))
        {
            _reached.GetValueOrDefault((context.TargetId, context.MethodName))?.TrySetResult();
            await gate.Task;
        }
    }
}
