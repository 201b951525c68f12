namespace ContactCenter.Citizens;

[GenerateSerializer]
public sealed class PhoneIndexState
{
    [Id(0)]
    public string? CardId { get; set; }
}

/// <summary>
/// Asked once per registration. Collected two minutes after that, not after the default quarter of
/// an hour: every caller of the last quarter hour held an activation (a third of all activations
/// under a chat load). Not deactivated at once: calls from one number can come together, and
/// those arriving during a deactivation are refused after two forwards.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
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
