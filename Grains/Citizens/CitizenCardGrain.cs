using ContactCenter.Common;
using ContactCenter.Model;
using Microsoft.Extensions.Logging;
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

    [Id(5)]
    public string? Surname { get; set; }

    [Id(6)]
    public string? Name { get; set; }

    [Id(7)]
    public string? Patronymic { get; set; }

    /// <summary>Eleven digits; set once, by the first identification.</summary>
    [Id(8)]
    public string? Snils { get; set; }

    [Id(9)]
    public string? Email { get; set; }

    [Id(10)]
    public List<CommunicationNeed> CommunicationNeeds { get; set; } = [];

    [Id(11)]
    public Consent? Consent { get; set; }

    [Id(12)]
    public List<DeferredRequest> Deferred { get; set; } = [];

    [Id(13)]
    public SecretHash? SecretCode { get; set; }

    /// <summary>The number the citizen gave when setting the code: calling from it, the code alone suffices.</summary>
    [Id(14)]
    public string? SecretCodePhone { get; set; }

    /// <summary>Identity-document data (kind, series and number), hashed like the code: only ever compared.</summary>
    [Id(15)]
    public SecretHash? Document { get; set; }

    [Id(16)]
    public DocumentKind? DocumentKind { get; set; }

    /// <summary>Failed identification attempts in a row.</summary>
    [Id(17)]
    public int Failures { get; set; }

    [Id(18)]
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Set on a provisional card whose contacts moved to the identified citizen's card.</summary>
    [Id(19)]
    public string? MergedInto { get; set; }

    [Id(20)]
    public List<string> MergedFrom { get; set; } = [];
}

/// <summary>
/// Touched when a contact registers and when someone reads the card, a few times a contact: it is
/// deactivated after a quiet spell (<see cref="QuietDeactivation"/>), short after a registration's
/// attach (<see cref="CitizensOptions.QuietAfterRegistration"/>), long after a person's work with it
/// (<see cref="CitizensOptions.QuietDeactivation"/>); the two-minute age limit is only the fallback.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class CitizenCardGrain(
    [PersistentState("citizen-card", StorageNames.Citizens)] IPersistentState<CitizenCardState> state,
    DomainClock clock,
    IOptions<RoutingOptions> routing,
    IOptions<CitizensOptions> options,
    ILogger<CitizenCardGrain> logger)
    : Grain, ICitizenCardGrain, IIncomingGrainCallFilter
{
    private QuietDeactivation? _quiet;

    private CitizenCardState S => state.State;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var quiet = context.ImplementationMethod.Name == nameof(AttachInteractionAsync)
            ? options.Value.QuietAfterRegistration
            : options.Value.QuietDeactivation;
        (_quiet ??= new QuietDeactivation(this)).Touch(quiet);
        return context.Invoke();
    }

    private string Id => this.GetPrimaryKeyString();

    public ValueTask<CitizenCardView> GetAsync() => ValueTask.FromResult(View());

    public async ValueTask AttachInteractionAsync(string phone, string regionId, string language, string interactionId, DateTimeOffset at)
    {
        if (S.MergedInto is { } successor)
        {
            // The phone index still pointed here: the contact belongs with the identified citizen.
            await GrainFactory.Grain<ICitizenCardGrain>(successor).AttachInteractionAsync(phone, regionId, language, interactionId, at);
            return;
        }

        if (S.History.Any(h => h.InteractionId == interactionId))
        {
            return;
        }

        if (!S.Phones.Contains(phone))
        {
            S.Phones.Add(phone);
        }

        S.RegionId ??= regionId;
        S.PreferredLanguage ??= language;
        S.History.Insert(0, new CitizenContact(interactionId, at));
        TrimHistory();
        await state.WriteStateAsync();
    }

    public async ValueTask<IdentificationCheck> IdentifyAsync(IdentificationClaim claim, string callerNumber)
    {
        if (S.MergedInto is not null || (S.Snils is not null && S.Snils != claim.Snils))
        {
            throw ContactCenterException.Precondition($"card '{Id}' is not the card of the SNILS being identified");
        }

        var now = clock.Now;
        var max = options.Value.MaxIdentificationFailures;
        if (S.LockedUntil is { } lockedUntil)
        {
            if (now < lockedUntil)
            {
                return new IdentificationCheck(IdentificationOutcome.LockedOut, IdentificationLevel.None, IdentificationMethod.None, 0, lockedUntil);
            }

            S.LockedUntil = null;
            S.Failures = 0;
        }

        if (S.Snils is null)
        {
            // First identification with this SNILS: the citizen's statement establishes the card.
            S.Snils = claim.Snils;
            S.Surname = PersonName.Tidy(claim.Surname);
            S.Name = PersonName.Tidy(claim.Name);
            S.Patronymic = PersonName.Tidy(claim.Patronymic);
            S.Provisional = false;
        }
        else if (!PersonName.Same(S.Surname, claim.Surname) || !PersonName.Same(S.Name, claim.Name) || !PersonName.Same(S.Patronymic, claim.Patronymic))
        {
            return await FailAsync(IdentificationOutcome.NameMismatch, IdentificationLevel.None, IdentificationMethod.SnilsAndName);
        }

        IdentificationCheck check;
        if (claim.SecretCode is not { } code)
        {
            check = Primary(IdentificationOutcome.Identified);
        }
        else if (S.SecretCode is null)
        {
            check = Primary(IdentificationOutcome.NoSecretCode);
        }
        else if (callerNumber == S.SecretCodePhone)
        {
            if (!SecretHasher.Verify(code, S.SecretCode))
            {
                return await FailAsync(IdentificationOutcome.WrongSecretCode, IdentificationLevel.Primary, IdentificationMethod.SecretCodeAndPhone);
            }

            check = PersonalData(IdentificationMethod.SecretCodeAndPhone);
        }
        else if (claim.Document is null)
        {
            check = Primary(IdentificationOutcome.DocumentRequired);
        }
        else if (S.Document is null)
        {
            check = Primary(IdentificationOutcome.NoDocumentOnFile);
        }
        else
        {
            // Both are checked, so the answer's timing does not tell which one was wrong.
            var codeMatches = SecretHasher.Verify(code, S.SecretCode);
            var documentMatches = SecretHasher.Verify(IdentityDocuments.Normalise(claim.Document, "document"), S.Document);
            if (!(codeMatches & documentMatches))
            {
                return await FailAsync(IdentificationOutcome.WrongSecretCodeOrDocument, IdentificationLevel.Primary, IdentificationMethod.SecretCodeDocumentAndSnils);
            }

            check = PersonalData(IdentificationMethod.SecretCodeDocumentAndSnils);
        }

        await state.WriteStateAsync();
        return check;

        IdentificationCheck Primary(IdentificationOutcome outcome) =>
            new(outcome, IdentificationLevel.Primary, IdentificationMethod.SnilsAndName, max - S.Failures, null);

        IdentificationCheck PersonalData(IdentificationMethod method)
        {
            S.Failures = 0;
            return new(IdentificationOutcome.Identified, IdentificationLevel.PersonalData, method, max, null);
        }
    }

    public async ValueTask SetSecretCodeAsync(SecretCodeRegistration registration, bool mayReplace, string actor, string interactionId)
    {
        if (S.Snils is null)
        {
            throw ContactCenterException.Precondition($"card '{Id}' has no identified citizen: identify by SNILS and full name first");
        }

        if (S.SecretCode is not null && !mayReplace)
        {
            throw ContactCenterException.Precondition(
                "a secret code is already registered for this citizen: identify the citizen with it first, then set a new one");
        }

        var iterations = options.Value.SecretHashIterations;
        var documentKey = registration.Document is { } document ? IdentityDocuments.Normalise(document, "document") : null;
        S.SecretCode = SecretHasher.Hash(registration.SecretCode, iterations);
        S.SecretCodePhone = registration.Phone;
        if (documentKey is not null)
        {
            S.Document = SecretHasher.Hash(documentKey, iterations);
            S.DocumentKind = registration.Document!.Kind;
        }

        if (!S.Phones.Contains(registration.Phone))
        {
            S.Phones.Add(registration.Phone);
        }

        S.Failures = 0;
        S.LockedUntil = null;
        await state.WriteStateAsync();
        logger.LogInformation("Secret code of card {CardId} set by {Actor} during {InteractionId}", Id, actor, interactionId);
    }

    public async ValueTask<CitizenCardView> UpdateAsync(CitizenCardUpdate update, string actor, string interactionId)
    {
        if (update.Surname is { } surname)
        {
            S.Surname = PersonName.Tidy(surname) ?? throw ContactCenterException.Invalid("surname cannot be emptied");
        }

        if (update.Name is { } name)
        {
            S.Name = PersonName.Tidy(name) ?? throw ContactCenterException.Invalid("name cannot be emptied");
        }

        if (update.Patronymic is { } patronymic)
        {
            S.Patronymic = PersonName.Tidy(patronymic);
        }

        if (update.Phones is { } phones)
        {
            S.Phones = [.. phones.Distinct()];
        }

        if (update.Email is { } email)
        {
            S.Email = email.Length == 0 ? null : email;
        }

        if (update.RegionId is { } region)
        {
            S.RegionId = region;
        }

        if (update.PreferredLanguage is { } language)
        {
            S.PreferredLanguage = language;
        }

        if (update.CommunicationNeeds is { } needs)
        {
            S.CommunicationNeeds = [.. needs.Distinct().Order()];
        }

        if (update.Consent is { } consent)
        {
            S.Consent = new Consent(consent.Given, consent.Method, clock.Now, actor, interactionId);
        }

        await state.WriteStateAsync();
        return View();
    }

    public async ValueTask SettleContactsAsync(IReadOnlyList<CitizenContact> summaries)
    {
        var changed = false;
        foreach (var summary in summaries)
        {
            var index = S.History.FindIndex(h => h.InteractionId == summary.InteractionId);
            if (index >= 0 && !S.History[index].Settled)
            {
                S.History[index] = summary with { At = S.History[index].At };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public async ValueTask<CardHandOver> HandOverAsync(string intoCardId)
    {
        if (S.Snils is not null)
        {
            throw ContactCenterException.Precondition($"card '{Id}' is an identified citizen's card and is not merged into another");
        }

        if (S.MergedInto is { } merged && merged != intoCardId)
        {
            throw ContactCenterException.Precondition($"card '{Id}' was already merged into another card");
        }

        if (S.MergedInto is null)
        {
            S.MergedInto = intoCardId;
            await state.WriteStateAsync();
        }

        return new CardHandOver([.. S.Phones], [.. S.History], [.. S.Deferred], S.RegionId, S.PreferredLanguage);
    }

    public async ValueTask AbsorbAsync(string fromCardId, CardHandOver handOver)
    {
        foreach (var phone in handOver.Phones.Where(p => !S.Phones.Contains(p)))
        {
            S.Phones.Add(phone);
        }

        var known = S.History.Select(h => h.InteractionId).ToHashSet();
        S.History.AddRange(handOver.History.Where(h => !known.Contains(h.InteractionId)));
        S.History = [.. S.History.OrderByDescending(h => h.At)];
        TrimHistory();
        var deferred = S.Deferred.Select(d => d.InteractionId).ToHashSet();
        S.Deferred.AddRange(handOver.Deferred.Where(d => !deferred.Contains(d.InteractionId)));
        S.RegionId ??= handOver.RegionId;
        S.PreferredLanguage ??= handOver.PreferredLanguage;
        if (!S.MergedFrom.Contains(fromCardId))
        {
            S.MergedFrom.Add(fromCardId);
        }

        await state.WriteStateAsync();
    }

    public async ValueTask AddDeferredAsync(string interactionId, DateTimeOffset dueAt, DateTimeOffset deadline)
    {
        if (S.MergedInto is { } successor)
        {
            await GrainFactory.Grain<ICitizenCardGrain>(successor).AddDeferredAsync(interactionId, dueAt, deadline);
            return;
        }

        S.Deferred.RemoveAll(d => d.InteractionId == interactionId);
        S.Deferred.Add(new DeferredRequest(interactionId, dueAt, deadline));
        S.Deferred.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        await state.WriteStateAsync();
    }

    public async ValueTask RemoveDeferredAsync(string interactionId)
    {
        if (S.MergedInto is { } successor)
        {
            await GrainFactory.Grain<ICitizenCardGrain>(successor).RemoveDeferredAsync(interactionId);
            return;
        }

        if (S.Deferred.RemoveAll(d => d.InteractionId == interactionId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    private async Task<IdentificationCheck> FailAsync(IdentificationOutcome outcome, IdentificationLevel level, IdentificationMethod method)
    {
        var max = options.Value.MaxIdentificationFailures;
        S.Failures++;
        DateTimeOffset? lockedUntil = null;
        if (S.Failures >= max)
        {
            lockedUntil = clock.Now + options.Value.LockoutPeriod;
            S.LockedUntil = lockedUntil;
            S.Failures = 0;
            logger.LogWarning("Card {CardId} locked for identification until {LockedUntil} after {Failures} failed attempts", Id, lockedUntil, max);
        }

        await state.WriteStateAsync();
        return new IdentificationCheck(outcome, level, method, lockedUntil is null ? max - S.Failures : 0, lockedUntil);
    }

    private void TrimHistory()
    {
        var limit = routing.Value.CitizenHistoryLimit;
        if (S.History.Count > limit)
        {
            S.History.RemoveRange(limit, S.History.Count - limit);
        }
    }

    private CitizenCardView View() => new(
        Id, [.. S.Phones], S.RegionId, S.PreferredLanguage, S.Provisional, [.. S.History],
        S.Surname, S.Name, S.Patronymic, S.Snils, S.Email, [.. S.CommunicationNeeds], S.Consent, [.. S.Deferred],
        S.SecretCode is not null, S.SecretCodePhone, S.DocumentKind,
        S.LockedUntil is { } until && until > clock.Now ? until : null, S.MergedInto);
}
