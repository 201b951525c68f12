namespace ContactCenter.Citizens;

[GenerateSerializer]
public sealed class SnilsIndexState
{
    [Id(0)]
    public string? CardId { get; set; }
}

/// <summary>Keyed by the eleven digits of a SNILS: one citizen, one card.</summary>
public sealed class SnilsIndexGrain(
    [PersistentState("snils-index", StorageNames.Citizens)] IPersistentState<SnilsIndexState> state)
    : Grain, ISnilsIndexGrain
{
    public async ValueTask<string> ClaimAsync(string proposedCardId)
    {
        if (state.State.CardId is null)
        {
            state.State.CardId = proposedCardId;
            await state.WriteStateAsync();
        }

        return state.State.CardId;
    }

    public ValueTask<string?> GetAsync() => ValueTask.FromResult(state.State.CardId);
}
