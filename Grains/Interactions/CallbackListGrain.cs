namespace ContactCenter.Interactions;

[GenerateSerializer]
public sealed class CallbackListState
{
    [Id(0)]
    public Dictionary<string, CallbackPlan> Open { get; set; } = [];
}

public sealed class CallbackListGrain(
    [PersistentState("callbacks", StorageNames.Interactions)] IPersistentState<CallbackListState> state)
    : Grain, ICallbackListGrain
{
    public async Task UpsertAsync(CallbackPlan plan)
    {
        var open = state.State.Open;
        if (plan.State == InteractionState.Closed)
        {
            if (!open.Remove(plan.CallbackId))
            {
                return;
            }
        }
        else if (open.TryGetValue(plan.CallbackId, out var known) && known == plan)
        {
            return;
        }
        else
        {
            open[plan.CallbackId] = plan;
        }

        await state.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<CallbackPlan>> ListOpenAsync() =>
        ValueTask.FromResult<IReadOnlyList<CallbackPlan>>(
            [.. state.State.Open.Values.OrderBy(plan => plan.DueAt).ThenBy(plan => plan.CallbackId, StringComparer.Ordinal)]);
}
