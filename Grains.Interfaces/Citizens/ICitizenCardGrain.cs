namespace ContactCenter.Citizens;

/// <summary>
/// The citizen (subscriber) card: profile, identification secrets (hashes only), history and open
/// deferred requests. It returns its data unmasked, so only the access grain and the interaction
/// grain call it; callers outside the cluster go through <see cref="ICitizenAccessGrain"/>.
/// Card grains never call each other except a merged card forwarding to its successor, which is
/// never merged itself, so calls between cards cannot wait on each other in a circle.
/// </summary>
public interface ICitizenCardGrain : IGrainWithStringKey
{
    ValueTask<CitizenCardView> GetAsync();

    /// <summary>Links a contact to the card; a card that did not exist becomes a provisional one.</summary>
    ValueTask AttachInteractionAsync(string phone, string regionId, string language, string interactionId, DateTimeOffset at);

    /// <summary>
    /// Checks a claim against the card, counting failures towards the lock-out. A card without a
    /// SNILS (new, or provisional and being promoted) takes the claim's SNILS and names.
    /// </summary>
    ValueTask<IdentificationCheck> IdentifyAsync(IdentificationClaim claim, string callerNumber);

    /// <summary>
    /// Registers (or, with <paramref name="mayReplace"/>, replaces) the secret code bound to a phone
    /// number. Without <paramref name="mayReplace"/> an existing code is a FAILED_PRECONDITION.
    /// </summary>
    ValueTask SetSecretCodeAsync(SecretCodeRegistration registration, bool mayReplace, string actor, string interactionId);

    ValueTask<CitizenCardView> UpdateAsync(CitizenCardUpdate update, string actor, string interactionId);

    /// <summary>Fills in the summaries of contacts in the history (matched by interaction id).</summary>
    ValueTask SettleContactsAsync(IReadOnlyList<CitizenContact> summaries);

    /// <summary>Marks a provisional card as merged into another and hands over what it holds. Repeatable.</summary>
    ValueTask<CardHandOver> HandOverAsync(string intoCardId);

    /// <summary>Takes in what a provisional card handed over. Repeatable: contacts already here are not added twice.</summary>
    ValueTask AbsorbAsync(string fromCardId, CardHandOver handOver);

    /// <summary>An open deferred request of the citizen, shown on the card until removed. Repeatable.</summary>
    ValueTask AddDeferredAsync(string interactionId, DateTimeOffset dueAt, DateTimeOffset deadline);

    ValueTask RemoveDeferredAsync(string interactionId);
}

/// <summary>Maps a normalised phone number to the card registered with it.</summary>
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    ValueTask<string> GetOrAssignCardIdAsync();

    /// <summary>Points the number at <paramref name="toCardId"/> if it still points at <paramref name="fromCardId"/>.</summary>
    ValueTask RepointAsync(string fromCardId, string toCardId);
}
