namespace ContactCenter.Citizens;

/// <summary>Maps a SNILS (eleven digits) to the card of that citizen.</summary>
public interface ISnilsIndexGrain : IGrainWithStringKey
{
    /// <summary>The card of this SNILS; when there is none yet, <paramref name="proposedCardId"/> becomes it.</summary>
    ValueTask<string> ClaimAsync(string proposedCardId);

    ValueTask<string?> GetAsync();
}
