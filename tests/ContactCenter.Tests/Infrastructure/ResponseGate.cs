using System.Collections.Concurrent;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// Holds the answer to one grain-to-grain call away from its caller until the test releases it:
/// the callee has done its work, the caller has not heard yet. Pins down an interleaving that a
/// race would otherwise produce only by chance.
/// </summary>
public sealed class ResponseGate : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<(GrainId Target, string Method), TaskCompletionSource> _held = new();

    public void Hold(GrainId target, string method) =>
        _held[(target, method)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(GrainId target, string method)
    {
        if (_held.TryRemove((target, method), out var gate))
        {
            gate.SetResult();
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        if (_held.TryGetValue((context.TargetId, context.MethodName), out var gate))
        {
            await gate.Task;
        }
    }
}
