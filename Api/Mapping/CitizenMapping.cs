using ContactCenter.Citizens;
using ContactCenter.Model;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>Citizen cards, identification and audit entries to wire messages and back; enum numbers line up.</summary>
public static class CitizenMapping
{
    public static P.CitizenCardResponse ToProto(this CitizenCardRead read) => new()
    {
        Card = read.Card.ToProto(),
        Access = (P.PersonalDataAccess)(int)read.Access,
        InteractionId = read.InteractionId,
        IdentificationLevel = (P.IdentificationLevel)(int)read.Identification,
    };

    public static P.CitizenCard ToProto(this CitizenCardView card)
    {
        var message = new P.CitizenCard
        {
            CardId = card.CardId,
            Provisional = card.Provisional,
            Surname = card.Surname ?? string.Empty,
            Name = card.Name ?? string.Empty,
            Patronymic = card.Patronymic ?? string.Empty,
            Snils = card.Snils ?? string.Empty,
            Email = card.Email ?? string.Empty,
            RegionId = card.RegionId ?? string.Empty,
            PreferredLanguage = card.PreferredLanguage ?? string.Empty,
            Consent = card.Consent is { } consent
                ? new P.Consent
                {
                    Given = consent.Given,
                    Method = consent.Method,
                    At = Timestamp.FromDateTimeOffset(consent.At),
                    RecordedBy = consent.RecordedBy,
                    InteractionId = consent.InteractionId ?? string.Empty,
                }
                : null,
            HasSecretCode = card.HasSecretCode,
            SecretCodePhone = card.SecretCodePhone ?? string.Empty,
            DocumentOnFile = card.DocumentOnFile is { } kind ? (P.DocumentKind)(int)kind : P.DocumentKind.Unspecified,
            IdentificationLockedUntil = Stamp(card.LockedUntil),
        };
        message.Phones.Add(card.Phones);
        message.CommunicationNeeds.Add((card.CommunicationNeeds ?? []).Select(n => (P.CommunicationNeed)(int)n));
        message.History.Add(card.History.Select(contact =>
        {
            var summary = new P.CitizenContact
            {
                InteractionId = contact.InteractionId,
                At = Timestamp.FromDateTimeOffset(contact.At),
                Channel = contact.Channel?.ToProto() ?? P.Channel.Unspecified,
                OrganisationId = contact.OrganisationId ?? string.Empty,
                Outcome = (P.InteractionOutcome)(int)contact.Outcome,
                Closed = contact.Settled,
            };
            summary.Topics.Add(contact.Topics ?? []);
            return summary;
        }));
        message.DeferredRequests.Add((card.Deferred ?? []).Select(d => new P.DeferredRequest
        {
            InteractionId = d.InteractionId,
            DueAt = Timestamp.FromDateTimeOffset(d.DueAt),
            Deadline = Timestamp.FromDateTimeOffset(d.Deadline),
        }));
        return message;
    }

    public static P.IdentificationAttempt ToProto(this IdentificationAttempt attempt) => new()
    {
        At = Timestamp.FromDateTimeOffset(attempt.At),
        OperatorId = attempt.OperatorId,
        CardId = attempt.CardId,
        Outcome = (P.IdentificationOutcome)(int)attempt.Outcome,
        Level = (P.IdentificationLevel)(int)attempt.Level,
        Method = (P.IdentificationMethod)(int)attempt.Method,
        AttemptsLeft = attempt.AttemptsLeft,
        LockedUntil = Stamp(attempt.LockedUntil),
    };

    public static P.AuditEntry ToProto(this AuditEntry entry)
    {
        var message = new P.AuditEntry
        {
            Id = entry.Id,
            At = Timestamp.FromDateTimeOffset(entry.At),
            Role = (P.CallerRole)(int)entry.Role,
            ActorId = entry.ActorId,
            OrganisationId = entry.OrganisationId ?? string.Empty,
            CardId = entry.CardId,
            InteractionId = entry.InteractionId,
            Access = (P.AuditAccess)(int)entry.Access,
            Mode = (P.PersonalDataAccess)(int)entry.Mode,
        };
        message.Fields.Add(entry.Fields);
        return message;
    }

    public static IdentityDocument? ToDomain(this P.IdentityDocument? document) => document is null
        ? null
        : new IdentityDocument(
            document.Kind == P.DocumentKind.Unspecified
                ? throw ContactCenterException.Invalid("document.kind is required, e.g. DOCUMENT_KIND_PASSPORT")
                : (DocumentKind)(int)document.Kind,
            document.Number);

    public static CitizenCardUpdate ToDomain(this P.UpdateCitizenCardRequest request) => new(
        Surname: request.HasSurname ? request.Surname : null,
        Name: request.HasName ? request.Name : null,
        Patronymic: request.HasPatronymic ? request.Patronymic : null,
        Phones: request.Phones is { } phones ? [.. phones.Phones] : null,
        Email: request.HasEmail ? request.Email : null,
        RegionId: request.HasRegionId ? request.RegionId : null,
        PreferredLanguage: request.HasPreferredLanguage ? request.PreferredLanguage : null,
        CommunicationNeeds: request.CommunicationNeeds is { } needs
            ? [.. needs.Needs.Select(n => n == P.CommunicationNeed.Unspecified
                ? throw ContactCenterException.Invalid("communication_needs: COMMUNICATION_NEED_UNSPECIFIED is not a need")
                : (CommunicationNeed)(int)n)]
            : null,
        Consent: request.Consent is { } consent ? new ConsentStatement(consent.Given, consent.Method) : null);

    private static Timestamp? Stamp(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
