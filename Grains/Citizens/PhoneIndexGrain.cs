namespace ContactCenter.Citizens;

[GenerateSerializer]
public sealed class PhoneIndexState
{
    [Id(0)]
    public string? CardId { get; set; }
}

public sealed class PhoneIndexGrain(
    [PersistentState("phone-index", StorageNames.Citizens)] IPersistentState<PhoneIndexState> state)
    : Grain, IPhoneIndexGrain
{
    public async ValueTask<string> GetOrAssignCardIdAsync()
    {
        if (state.State.CardId is null)
        {
            state.State.CardId = $"card-{Guid.NewGuid():N}";
            await state.WriteStateAsync();
        }

        return state.State.CardId;
    }

    public async ValueTask RepointAsync(string fromCardId, string toCardId)
    {
        if (state.State.CardId == fromCardId)
        {
            state.State.CardId = toCardId;
            await state.WriteStateAsync();
        }
    }
}
