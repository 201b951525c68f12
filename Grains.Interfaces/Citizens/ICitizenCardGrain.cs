namespace ContactCenter.Citizens;

/// <summary>The citizen (subscriber) card and the history of the citizen's contacts.</summary>
public interface ICitizenCardGrain : IGrainWithStringKey
{
    ValueTask<CitizenCardView> GetAsync();

    /// <summary>Links a contact to the card; a card that did not exist becomes a provisional one.</summary>
    ValueTask AttachInteractionAsync(string phone, string regionId, string language, string interactionId, DateTimeOffset at);
}

/// <summary>Maps a normalised phone number to the card registered with it.</summary>
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    ValueTask<string> GetOrAssignCardIdAsync();
}
