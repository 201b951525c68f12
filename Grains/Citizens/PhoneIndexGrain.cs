using ContactCenter.Common;
using Microsoft.Extensions.Options;

namespace ContactCenter.Citizens;

[GenerateSerializer]
public sealed class PhoneIndexState
{
    [Id(0)]
    public string? CardId { get; set; }
}

/// <summary>
/// Asked once per registration (and repointed when cards merge), then deactivated after the short
/// quiet spell of <see cref="CitizensOptions.QuietAfterRegistration"/>; the two-minute age limit is
/// only the fallback.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class PhoneIndexGrain(
    [PersistentState("phone-index", StorageNames.Citizens)] IPersistentState<PhoneIndexState> state,
    IOptions<CitizensOptions> options)
    : Grain, IPhoneIndexGrain, IIncomingGrainCallFilter
{
    private QuietDeactivation? _quiet;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        (_quiet ??= new QuietDeactivation(this)).Touch(options.Value.QuietAfterRegistration);
        return context.Invoke();
    }

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
