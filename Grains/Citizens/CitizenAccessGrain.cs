using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace ContactCenter.Citizens;

/// <summary>
/// Reads and changes citizen cards on behalf of operators and supervisors: entitlement by
/// <see cref="PersonalDataPolicy"/>, masking by <see cref="CardPresentation"/>, an audit entry for
/// every access before any data leaves, and identification with the merge of a provisional card.
/// It holds no state and calls card grains only from outside their turns, so it never closes a
/// circle of grains waiting on each other.
/// </summary>
[StatelessWorker]
public sealed class CitizenAccessGrain(DirectoryCache directory, DomainClock clock, ILogger<CitizenAccessGrain> logger)
    : Grain, ICitizenAccessGrain
{
    private const int DefaultAuditQuery = 100;

    public async ValueTask<CitizenCardRead> GetCardAsync(Caller caller, string interactionId)
    {
        var interaction = await Interaction(interactionId).GetAsync();
        var access = PersonalDataPolicy.Decide(caller, interaction, await directory.GetAsync());
        var card = await ReadCardAsync(interaction);
        return await PresentAsync(caller, interaction, card, access, []);
    }

    public async ValueTask<CitizenCardRead> UpdateCardAsync(Caller caller, string interactionId, CitizenCardUpdate update)
    {
        var index = await directory.GetAsync();
        update = Validated(update, index);
        var interaction = await Interaction(interactionId).GetAsync();
        var access = PersonalDataPolicy.Decide(caller, interaction, index);
        var personal = update.PersonalFields();
        if (personal.Count > 0 && access != PersonalDataAccess.Full)
        {
            throw new ContactCenterException(
                ErrorKind.PermissionDenied,
                $"{caller} may not change {string.Join(", ", personal)}: personal fields are changed by a 2nd-line operator once the citizen is identified for personal data, or by a supervisor");
        }

        var current = await ResolveCardAsync(CardIdOf(interaction));
        await Card(current.CardId).UpdateAsync(update, caller.ToString(), interaction.Id);
        var card = await ReadCardAsync(interaction);
        var changed = Entry(caller, interaction, card.CardId, AuditAccess.Update, access, [.. personal, .. update.ServiceFields()]);
        return await PresentAsync(caller, interaction, card, access, [changed]);
    }

    public async ValueTask<IdentificationResult> IdentifyAsync(string operatorId, string interactionId, IdentificationClaim claim)
    {
        claim = Validated(claim);
        var interaction = await Interaction(interactionId).GetAsync();
        PersonalDataPolicy.RequireSecondLineInConversation(operatorId, interaction, await directory.GetAsync());

        var current = await ResolveCardAsync(CardIdOf(interaction));
        // A card that knows only a phone number becomes the citizen's card, unless the SNILS has one already.
        var proposed = current.Snils is null ? current.CardId : $"card-{Guid.NewGuid():N}";
        var cardId = await GrainFactory.Grain<ISnilsIndexGrain>(claim.Snils).ClaimAsync(proposed);
        var check = await Card(cardId).IdentifyAsync(claim, interaction.Registration.CallerNumber);
        if (check.Level > IdentificationLevel.None)
        {
            if (cardId != current.CardId && current.Snils is null)
            {
                await MergeAsync(current.CardId, cardId);
            }

            // Also when the number's card is another citizen's: this contact is this citizen's.
            var registration = interaction.Registration;
            await Card(cardId).AttachInteractionAsync(registration.CallerNumber, registration.RegionId, registration.Language, interaction.Id, interaction.RegisteredAt);
        }

        var attempt = new IdentificationAttempt(clock.Now, operatorId, cardId, check.Outcome, check.Level, check.Method, check.AttemptsLeft, check.LockedUntil);
        var recorded = await Interaction(interactionId).RecordIdentificationAsync(operatorId, attempt);
        logger.LogInformation(
            "Identification on {InteractionId} by {OperatorId}: {Outcome}, level {Level}", interactionId, operatorId, check.Outcome, check.Level);

        var caller = Caller.Operator(operatorId);
        var stated = Entry(caller, interaction, cardId, AuditAccess.Identify, PersonalDataAccess.Full, StatedFields(claim));
        if (check.Level == IdentificationLevel.None)
        {
            await Audit(cardId).AppendAsync([stated]);
            return new IdentificationResult(attempt, null);
        }

        var access = PersonalDataPolicy.Decide(caller, recorded, await directory.GetAsync());
        var card = await ReadCardAsync(recorded);
        return new IdentificationResult(attempt, await PresentAsync(caller, recorded, card, access, [stated]));
    }

    public async ValueTask<CitizenCardRead> SetSecretCodeAsync(string operatorId, string interactionId, SecretCodeRegistration registration)
    {
        var interaction = await Interaction(interactionId).GetAsync();
        registration = Validated(registration, interaction.Registration.CallerNumber);
        PersonalDataPolicy.RequireSecondLineInConversation(operatorId, interaction, await directory.GetAsync());
        if (interaction.Identification == IdentificationLevel.None)
        {
            throw ContactCenterException.Precondition($"identify the citizen of interaction '{interactionId}' by SNILS and full name before setting a secret code");
        }

        var cardId = CardIdOf(interaction);
        var mayReplace = interaction.Identification == IdentificationLevel.PersonalData;
        await Card(cardId).SetSecretCodeAsync(registration, mayReplace, $"operator:{operatorId}", interactionId);
        var recorded = await Interaction(interactionId).RecordSecretCodeSetAsync(operatorId);

        var caller = Caller.Operator(operatorId);
        List<string> fields = [CardFields.SecretCode, CardFields.SecretCodePhone, .. registration.Document is null ? Array.Empty<string>() : [CardFields.IdentityDocument]];
        var set = Entry(caller, recorded, cardId, AuditAccess.Update, PersonalDataAccess.Full, fields);
        var access = PersonalDataPolicy.Decide(caller, recorded, await directory.GetAsync());
        return await PresentAsync(caller, recorded, await ReadCardAsync(recorded), access, [set]);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(Caller supervisor, AuditQuery query)
    {
        if (supervisor.Role != CallerRole.Supervisor || supervisor.OrganisationId is not { } organisationId)
        {
            throw new ContactCenterException(ErrorKind.PermissionDenied, $"{supervisor} may not read the audit trail: it is for supervisors of an organisation");
        }

        string cardId;
        if (query.InteractionId is { } interactionId)
        {
            cardId = (await ResolveCardAsync(CardIdOf(await Interaction(interactionId).GetAsync()))).CardId;
        }
        else if (query.CardId is { } card)
        {
            cardId = card;
        }
        else
        {
            throw ContactCenterException.Invalid("name the card_id or the interaction_id whose audit trail to read");
        }

        if (query.Limit < 0 || query.Limit > CitizensOptions.MaxAuditQuery)
        {
            throw ContactCenterException.Invalid($"limit must be 0 (default {DefaultAuditQuery}) to {CitizensOptions.MaxAuditQuery}, was {query.Limit}");
        }

        return await Audit(cardId).QueryAsync(organisationId, query.InteractionId, query.Since, query.Limit == 0 ? DefaultAuditQuery : query.Limit);
    }

    /// <summary>Audits, then returns: no personal data leaves without its entry in the trail.</summary>
    private async Task<CitizenCardRead> PresentAsync(
        Caller caller, InteractionView interaction, CitizenCardView card, PersonalDataAccess access, IReadOnlyList<AuditEntry> alsoAudit)
    {
        var read = Entry(caller, interaction, card.CardId, AuditAccess.Read, access, card.PersonalFieldsPresent());
        await Audit(card.CardId).AppendAsync([.. alsoAudit, read]);
        return new CitizenCardRead(CardPresentation.Present(card, access), access, interaction.Id, interaction.Identification);
    }

    private AuditEntry Entry(Caller caller, InteractionView interaction, string cardId, AuditAccess kind, PersonalDataAccess mode, IReadOnlyList<string> fields) =>
        new($"{Guid.NewGuid():N}", clock.Now, caller.Role, caller.Id, interaction.OrganisationId, cardId, interaction.Id, kind, mode, fields);

    /// <summary>The interaction's card, following a merge, with the summaries of its open contacts brought up to date.</summary>
    private async Task<CitizenCardView> ReadCardAsync(InteractionView interaction)
    {
        var card = await ResolveCardAsync(CardIdOf(interaction));
        var open = card.History.Where(h => !h.Settled).ToList();
        if (open.Count == 0)
        {
            return card;
        }

        var summaries = await Task.WhenAll(open.Select(async contact =>
            contact.InteractionId == interaction.Id ? Summary(contact, interaction) : Summary(contact, await FindAsync(contact.InteractionId))));
        var changed = summaries.Where((summary, i) => !SameSummary(summary, open[i])).ToList();
        if (changed.Count == 0)
        {
            return card;
        }

        await Card(card.CardId).SettleContactsAsync(changed);
        var byId = changed.ToDictionary(s => s.InteractionId);
        return card with { History = [.. card.History.Select(h => byId.GetValueOrDefault(h.InteractionId, h))] };
    }

    private async Task<InteractionView?> FindAsync(string interactionId)
    {
        try
        {
            return await Interaction(interactionId).GetAsync();
        }
        catch (ContactCenterException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            // Attached while registering, then lost with its silo before it was stored.
            return null;
        }
    }

    private static CitizenContact Summary(CitizenContact contact, InteractionView? interaction) => interaction is null
        ? contact with { Settled = true }
        : contact with
        {
            Channel = interaction.Registration.Channel,
            OrganisationId = interaction.OrganisationId,
            Outcome = interaction.Outcome,
            Topics = interaction.Completion?.Topics,
            Settled = interaction.State == InteractionState.Closed,
        };

    private static bool SameSummary(CitizenContact a, CitizenContact b) =>
        a.Channel == b.Channel && a.OrganisationId == b.OrganisationId && a.Outcome == b.Outcome && a.Settled == b.Settled
        && (a.Topics ?? []).SequenceEqual(b.Topics ?? []);

    /// <summary>A provisional card merged into the citizen's card is read through to that card.</summary>
    private async Task<CitizenCardView> ResolveCardAsync(string cardId)
    {
        var card = await Card(cardId).GetAsync();
        return card.MergedInto is { } successor ? await Card(successor).GetAsync() : card;
    }

    /// <summary>Moves a provisional card's contacts, numbers and audit trail to the citizen's card. Repeatable at every step.</summary>
    private async Task MergeAsync(string provisionalId, string cardId)
    {
        var handOver = await Card(provisionalId).HandOverAsync(cardId);
        await Card(cardId).AbsorbAsync(provisionalId, handOver);
        foreach (var phone in handOver.Phones)
        {
            await GrainFactory.Grain<IPhoneIndexGrain>(phone).RepointAsync(provisionalId, cardId);
        }

        var trail = await Audit(provisionalId).GetAllAsync();
        if (trail.Count > 0)
        {
            await Audit(cardId).AppendAsync(trail);
        }

        logger.LogInformation("Provisional card {ProvisionalId} merged into {CardId}", provisionalId, cardId);
    }

    private static IReadOnlyList<string> StatedFields(IdentificationClaim claim) =>
    [
        CardFields.Snils, CardFields.Surname, CardFields.Name,
        .. claim.Patronymic is null ? Array.Empty<string>() : [CardFields.Patronymic],
        .. claim.SecretCode is null ? Array.Empty<string>() : [CardFields.SecretCode],
        .. claim.Document is null ? Array.Empty<string>() : [CardFields.IdentityDocument],
    ];

    private static IdentificationClaim Validated(IdentificationClaim claim)
    {
        var document = claim.Document;
        if (document is not null)
        {
            IdentityDocuments.Normalise(document, "document");
        }

        return claim with
        {
            Snils = Snils.Parse(claim.Snils, "snils"),
            Surname = RequiredName(claim.Surname, "surname"),
            Name = RequiredName(claim.Name, "name"),
            Patronymic = OptionalName(claim.Patronymic, "patronymic"),
            SecretCode = string.IsNullOrEmpty(claim.SecretCode) ? null : SecretCode.Normalise(claim.SecretCode, "secret_code"),
        };
    }

    private static SecretCodeRegistration Validated(SecretCodeRegistration registration, string callerNumber)
    {
        if (registration.Document is { } document)
        {
            IdentityDocuments.Normalise(document, "document");
        }

        string phone;
        if (string.IsNullOrEmpty(registration.Phone))
        {
            phone = callerNumber;
        }
        else if (!PhoneNumber.TryNormalise(registration.Phone, out phone))
        {
            throw ContactCenterException.Invalid("phone must be a phone number (digits, optionally a leading '+', spaces, dashes and brackets)");
        }

        return registration with { SecretCode = SecretCode.Normalise(registration.SecretCode, "secret_code"), Phone = phone };
    }

    private static CitizenCardUpdate Validated(CitizenCardUpdate update, DirectoryIndex index)
    {
        if (update.PersonalFields().Count == 0 && update.ServiceFields().Count == 0)
        {
            throw ContactCenterException.Invalid("the update changes no field");
        }

        if (update.RegionId is { Length: > 0 } region && index.FindRegion(region) is null)
        {
            throw ContactCenterException.Invalid($"region_id: region '{region}' is not in the directory");
        }

        if (update.PreferredLanguage is { } language && (language.Length is < 2 or > 8 || !language.All(char.IsAsciiLetterLower)))
        {
            throw ContactCenterException.Invalid($"preferred_language must be a lower-case language code such as ru, kk or en, was '{language}'");
        }

        if (update.CommunicationNeeds?.Any(need => !Enum.IsDefined(need)) == true)
        {
            throw ContactCenterException.Invalid("communication_needs: each must be one of the defined needs");
        }

        if (update.Consent is { } consent && string.IsNullOrWhiteSpace(consent.Method))
        {
            throw ContactCenterException.Invalid("consent.method is required: how the citizen gave or withdrew consent (e.g. voice, written)");
        }

        List<string>? phones = null;
        if (update.Phones is { } given)
        {
            phones = [];
            foreach (var raw in given)
            {
                phones.Add(PhoneNumber.TryNormalise(raw, out var phone)
                    ? phone
                    : throw ContactCenterException.Invalid("phones: each must be a phone number (digits, optionally a leading '+', spaces, dashes and brackets)"));
            }
        }

        return update with
        {
            Surname = update.Surname is null ? null : RequiredName(update.Surname, "surname"),
            Name = update.Name is null ? null : RequiredName(update.Name, "name"),
            Patronymic = update.Patronymic is null ? null : OptionalName(update.Patronymic, "patronymic") ?? string.Empty,
            Phones = phones,
            Email = update.Email is null ? null : Email(update.Email),
        };
    }

    private static string RequiredName(string? name, string field) =>
        OptionalName(name, field) ?? throw ContactCenterException.Invalid($"{field} is required");

    private static string? OptionalName(string? name, string field)
    {
        var tidy = PersonName.Tidy(name);
        if (tidy is { Length: > PersonName.MaxLength })
        {
            throw ContactCenterException.Invalid($"{field} is longer than {PersonName.MaxLength} characters");
        }

        if (tidy is not null && !tidy.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.'))
        {
            throw ContactCenterException.Invalid($"{field} may hold only letters, spaces, hyphens, apostrophes and dots");
        }

        return tidy;
    }

    /// <summary>An empty e-mail clears it; otherwise one '@' between a local part and a dotted domain.</summary>
    private static string Email(string email)
    {
        var trimmed = email.Trim();
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        var at = trimmed.IndexOf('@');
        var valid = trimmed.Length <= 254 && at > 0 && at == trimmed.LastIndexOf('@')
            && trimmed.IndexOf('.', at) > at + 1 && !trimmed.EndsWith('.') && !trimmed.Any(char.IsWhiteSpace);
        return valid ? trimmed : throw ContactCenterException.Invalid("email must look like name@example.ru");
    }

    private static string CardIdOf(InteractionView interaction) =>
        interaction.CitizenCardId ?? throw ContactCenterException.NotFound($"interaction '{interaction.Id}' has no citizen card");

    private IInteractionGrain Interaction(string interactionId) => GrainFactory.Grain<IInteractionGrain>(interactionId);

    private ICitizenCardGrain Card(string cardId) => GrainFactory.Grain<ICitizenCardGrain>(cardId);

    private ICitizenAuditGrain Audit(string cardId) => GrainFactory.Grain<ICitizenAuditGrain>(cardId);
}
