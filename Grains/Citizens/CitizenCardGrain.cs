using ContactCenter.Common;
using Microsoft.Extensions.Options;

namespace ContactCenter.Citizens;

[GenerateSerializer]
public sealed class CitizenCardState
{
    [Id(0)]
    public List<string> Phones { get; set; } = [];

    [Id(1)]
    public string? RegionId { get; set; }

    [Id(2)]
    public string? PreferredLanguage { get; set; }

    /// <summary>True until the citizen is identified; a provisional card knows only a phone number.</summary>
    [Id(3)]
    public bool Provisional { get; set; } = true;

    /// <summary>Newest first, bounded.</summary>
    [Id(4)]
    public List<CitizenContact> History { get; set; } = [];
}

public sealed class CitizenCardGrain(
    [PersistentState("citizen-card", StorageNames.Citizens)] IPersistentState<CitizenCardState> state,
    IOptions<RoutingOptions> options)
    : Grain, ICitizenCardGrain
{
    public ValueTask<CitizenCardView> GetAsync()
    {
        var s = state.State;
        return ValueTask.FromResult(new CitizenCardView(
            this.GetPrimaryKeyString(), [.. s.Phones], s.RegionId, s.PreferredLanguage, s.Provisional, [.. s.History]));
    }

    public async ValueTask AttachInteractionAsync(string phone, string regionId, string language, string interactionId, DateTimeOffset at)
    {
        var s = state.State;
        if (s.History.Any(h => h.InteractionId == interactionId))
        {
            return;
        }

        if (!s.Phones.Contains(phone))
        {
            s.Phones.Add(phone);
        }

        s.RegionId ??= regionId;
        s.PreferredLanguage ??= language;
        s.History.Insert(0, new CitizenContact(interactionId, at));
        var limit = options.Value.CitizenHistoryLimit;
        if (s.History.Count > limit)
        {
            s.History.RemoveRange(limit, s.History.Count - limit);
        }

        await state.WriteStateAsync();
    }
}
