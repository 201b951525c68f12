using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Citizens;

/// <summary>
/// One contact in the citizen's history. Channel, organisation, outcome and topics are filled in
/// once known: <see cref="Settled"/> says the interaction has closed and the summary is final.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CitizenContact(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Channel? Channel = null,
    [property: Id(3)] string? OrganisationId = null,
    [property: Id(4)] InteractionOutcome Outcome = InteractionOutcome.None,
    [property: Id(5)] IReadOnlyList<string>? Topics = null,
    [property: Id(6)] bool Settled = false);

/// <summary>What the citizen needs to be served (seed 003: hearing or vision impairment).</summary>
public enum CommunicationNeed
{
    HearingImpairment = 1,
    VisionImpairment = 2,
    SpeechImpairment = 3,

    /// <summary>Serve through a sign-language interpreter or in text.</summary>
    SignLanguage = 4,
}

/// <summary>The citizen's consent to the processing of personal data, and how and when it was given.</summary>
[GenerateSerializer, Immutable]
public sealed record Consent(
    [property: Id(0)] bool Given,
    [property: Id(1)] string Method,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string RecordedBy,
    [property: Id(4)] string? InteractionId);

/// <summary>An open deferred request of the citizen: when the call back is due and the regulated deadline.</summary>
[GenerateSerializer, Immutable]
public sealed record DeferredRequest(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] DateTimeOffset Deadline);

public enum DocumentKind
{
    /// <summary>Passport of a citizen of the Russian Federation.</summary>
    Passport = 1,
    ForeignPassport = 2,
    ResidencePermit = 3,
    BirthCertificate = 4,
    Other = 5,
}

/// <summary>Identity-document data as the citizen states it; the card keeps only a hash of it.</summary>
[GenerateSerializer, Immutable]
public sealed record IdentityDocument(
    [property: Id(0)] DocumentKind Kind,
    [property: Id(1)] string Number)
{
    // Records print every member by default; the number must not reach a log.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind);
        return true;
    }
}

/// <summary>How far the citizen on an interaction has been identified (seed 003).</summary>
public enum IdentificationLevel
{
    None = 0,

    /// <summary>SNILS together with the full name: the card is known, personal information is not given yet.</summary>
    Primary = 1,

    /// <summary>The secret code as well (with the registered number, or with document data and SNILS): personal information may be given.</summary>
    PersonalData = 2,
}

/// <summary>How the level was reached.</summary>
public enum IdentificationMethod
{
    None = 0,
    SnilsAndName = 1,
    SecretCodeAndPhone = 2,
    SecretCodeDocumentAndSnils = 3,
}

/// <summary>What one identification attempt came to. Only the failures count towards the lock-out.</summary>
public enum IdentificationOutcome
{
    Identified = 1,

    /// <summary>Primary level; a secret code was given but the card has none registered.</summary>
    NoSecretCode = 2,

    /// <summary>Primary level; the calling number differs from the one registered with the code, so document data are needed too.</summary>
    DocumentRequired = 3,

    /// <summary>Primary level; the number differs and the card has no document data to compare with.</summary>
    NoDocumentOnFile = 4,

    /// <summary>Failure: the full name does not match the card of that SNILS.</summary>
    NameMismatch = 5,

    /// <summary>Failure (primary level stands): the secret code is wrong.</summary>
    WrongSecretCode = 6,

    /// <summary>Failure (primary level stands): the secret code or the document data are wrong; which one is not told.</summary>
    WrongSecretCodeOrDocument = 7,

    /// <summary>Too many failures: nothing was checked.</summary>
    LockedOut = 8,
}

public static class IdentificationOutcomes
{
    /// <summary>A wrong statement (counted towards the lock-out) or a refusal because of the lock-out.</summary>
    public static bool IsFailure(this IdentificationOutcome outcome) => outcome is IdentificationOutcome.NameMismatch
        or IdentificationOutcome.WrongSecretCode or IdentificationOutcome.WrongSecretCodeOrDocument or IdentificationOutcome.LockedOut;
}

/// <summary>What the citizen states to be identified. <see cref="Snils"/> is the eleven digits.</summary>
[GenerateSerializer, Immutable]
public sealed record IdentificationClaim(
    [property: Id(0)] string Snils,
    [property: Id(1)] string Surname,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Patronymic,
    [property: Id(4)] string? SecretCode,
    [property: Id(5)] IdentityDocument? Document)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("SecretCode given = ").Append(SecretCode is not null).Append(", Document given = ").Append(Document is not null);
        return true;
    }
}

/// <summary>The card's verdict on a claim.</summary>
[GenerateSerializer, Immutable]
public sealed record IdentificationCheck(
    [property: Id(0)] IdentificationOutcome Outcome,
    [property: Id(1)] IdentificationLevel Level,
    [property: Id(2)] IdentificationMethod Method,
    [property: Id(3)] int AttemptsLeft,
    [property: Id(4)] DateTimeOffset? LockedUntil);

/// <summary>One identification attempt as the interaction card records it.</summary>
[GenerateSerializer, Immutable]
public sealed record IdentificationAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string OperatorId,
    [property: Id(2)] string CardId,
    [property: Id(3)] IdentificationOutcome Outcome,
    [property: Id(4)] IdentificationLevel Level,
    [property: Id(5)] IdentificationMethod Method,
    [property: Id(6)] int AttemptsLeft,
    [property: Id(7)] DateTimeOffset? LockedUntil);

/// <summary>A secret code being registered, bound to <see cref="Phone"/> (normalised); the document data, when given, replace the stored ones.</summary>
[GenerateSerializer, Immutable]
public sealed record SecretCodeRegistration(
    [property: Id(0)] string SecretCode,
    [property: Id(1)] string Phone,
    [property: Id(2)] IdentityDocument? Document)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Document given = ").Append(Document is not null);
        return true;
    }
}

/// <summary>Card fields to change; null leaves a field as it is. SNILS changes only through identification.</summary>
[GenerateSerializer, Immutable]
public sealed record CitizenCardUpdate(
    [property: Id(0)] string? Surname = null,
    [property: Id(1)] string? Name = null,
    [property: Id(2)] string? Patronymic = null,
    [property: Id(3)] IReadOnlyList<string>? Phones = null,
    [property: Id(4)] string? Email = null,
    [property: Id(5)] string? RegionId = null,
    [property: Id(6)] string? PreferredLanguage = null,
    [property: Id(7)] IReadOnlyList<CommunicationNeed>? CommunicationNeeds = null,
    [property: Id(8)] ConsentStatement? Consent = null)
{
    /// <summary>The personal fields being changed, by their API names.</summary>
    public IReadOnlyList<string> PersonalFields() =>
    [
        .. Surname is null ? [] : new[] { CardFields.Surname },
        .. Name is null ? [] : new[] { CardFields.Name },
        .. Patronymic is null ? [] : new[] { CardFields.Patronymic },
        .. Phones is null ? [] : new[] { CardFields.Phones },
        .. Email is null ? [] : new[] { CardFields.Email },
    ];

    public IReadOnlyList<string> ServiceFields() =>
    [
        .. RegionId is null ? [] : new[] { CardFields.Region },
        .. PreferredLanguage is null ? [] : new[] { CardFields.PreferredLanguage },
        .. CommunicationNeeds is null ? [] : new[] { CardFields.CommunicationNeeds },
        .. Consent is null ? [] : new[] { CardFields.Consent },
    ];
}

/// <summary>The citizen says they consent (or withdraw consent), and how: e.g. "voice", "written".</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentStatement(
    [property: Id(0)] bool Given,
    [property: Id(1)] string Method);

/// <summary>Card field names as the API and the audit trail spell them.</summary>
public static class CardFields
{
    public const string Surname = "surname";
    public const string Name = "name";
    public const string Patronymic = "patronymic";
    public const string Phones = "phones";
    public const string Snils = "snils";
    public const string Email = "email";
    public const string Region = "region_id";
    public const string PreferredLanguage = "preferred_language";
    public const string CommunicationNeeds = "communication_needs";
    public const string Consent = "consent";
    public const string SecretCode = "secret_code";
    public const string SecretCodePhone = "secret_code_phone";
    public const string IdentityDocument = "identity_document";
}

/// <summary>
/// The citizen card whole, as the card grain holds it. Only the access grain sees it in this form;
/// callers get it masked or in full by their entitlement (<see cref="CitizenCardRead"/>).
/// <see cref="MergedInto"/> is set on a provisional card whose contacts moved to the card of the
/// identified citizen.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CitizenCardView(
    [property: Id(0)] string CardId,
    [property: Id(1)] IReadOnlyList<string> Phones,
    [property: Id(2)] string? RegionId,
    [property: Id(3)] string? PreferredLanguage,
    [property: Id(4)] bool Provisional,
    [property: Id(5)] IReadOnlyList<CitizenContact> History,
    [property: Id(6)] string? Surname = null,
    [property: Id(7)] string? Name = null,
    [property: Id(8)] string? Patronymic = null,
    [property: Id(9)] string? Snils = null,
    [property: Id(10)] string? Email = null,
    [property: Id(11)] IReadOnlyList<CommunicationNeed>? CommunicationNeeds = null,
    [property: Id(12)] Consent? Consent = null,
    [property: Id(13)] IReadOnlyList<DeferredRequest>? Deferred = null,
    [property: Id(14)] bool HasSecretCode = false,
    [property: Id(15)] string? SecretCodePhone = null,
    [property: Id(16)] DocumentKind? DocumentOnFile = null,
    [property: Id(17)] DateTimeOffset? LockedUntil = null,
    [property: Id(18)] string? MergedInto = null)
{
    /// <summary>The personal fields that hold a value, by their API names.</summary>
    public IReadOnlyList<string> PersonalFieldsPresent() =>
    [
        .. Surname is null ? [] : new[] { CardFields.Surname },
        .. Name is null ? [] : new[] { CardFields.Name },
        .. Patronymic is null ? [] : new[] { CardFields.Patronymic },
        .. Phones.Count == 0 ? [] : new[] { CardFields.Phones },
        .. Snils is null ? [] : new[] { CardFields.Snils },
        .. Email is null ? [] : new[] { CardFields.Email },
        .. SecretCodePhone is null ? [] : new[] { CardFields.SecretCodePhone },
    ];
}

/// <summary>What a provisional card hands to the card it is merged into.</summary>
[GenerateSerializer, Immutable]
public sealed record CardHandOver(
    [property: Id(0)] IReadOnlyList<string> Phones,
    [property: Id(1)] IReadOnlyList<CitizenContact> History,
    [property: Id(2)] IReadOnlyList<DeferredRequest> Deferred,
    [property: Id(3)] string? RegionId,
    [property: Id(4)] string? PreferredLanguage);

public enum PersonalDataAccess
{
    /// <summary>Personal fields masked: the 1st line, or a 2nd line before the citizen is identified for personal data.</summary>
    Masked = 1,

    /// <summary>Personal fields in full.</summary>
    Full = 2,
}

public enum CallerRole
{
    Operator = 1,
    Supervisor = 2,
}

/// <summary>
/// Who asks. Taken from the request for now; once the API authenticates, the token's subject and
/// organisation claim fill it in instead, and nothing behind the API changes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Caller(
    [property: Id(0)] CallerRole Role,
    [property: Id(1)] string Id,
    [property: Id(2)] string? OrganisationId)
{
    public static Caller Operator(string operatorId) => new(CallerRole.Operator, operatorId, null);

    public static Caller Supervisor(string supervisorId, string organisationId) => new(CallerRole.Supervisor, supervisorId, organisationId);

    public override string ToString() => $"{(Role == CallerRole.Operator ? "operator" : "supervisor")}:{Id}";
}

/// <summary>The card as one caller may see it, for one interaction.</summary>
[GenerateSerializer, Immutable]
public sealed record CitizenCardRead(
    [property: Id(0)] CitizenCardView Card,
    [property: Id(1)] PersonalDataAccess Access,
    [property: Id(2)] string InteractionId,
    [property: Id(3)] IdentificationLevel Identification);

/// <summary>The answer to an identification attempt, and the card it reached (masked or in full by the level).</summary>
[GenerateSerializer, Immutable]
public sealed record IdentificationResult(
    [property: Id(0)] IdentificationAttempt Attempt,
    [property: Id(1)] CitizenCardRead? Card);

public enum AuditAccess
{
    Read = 1,
    Update = 2,

    /// <summary>Personal data stated for identification and checked against the card.</summary>
    Identify = 3,
}

/// <summary>
/// One access to a citizen's personal data: who, when, which card, during which interaction,
/// which fields, and whether they were masked. <see cref="OrganisationId"/> is the organisation
/// responsible for the interaction; its supervisors read the entry.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] CallerRole Role,
    [property: Id(3)] string ActorId,
    [property: Id(4)] string? OrganisationId,
    [property: Id(5)] string CardId,
    [property: Id(6)] string InteractionId,
    [property: Id(7)] AuditAccess Access,
    [property: Id(8)] PersonalDataAccess Mode,
    [property: Id(9)] IReadOnlyList<string> Fields);

/// <summary>What a supervisor asks of the audit trail: one card's entries, or one interaction's.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] string? CardId,
    [property: Id(1)] string? InteractionId,
    [property: Id(2)] DateTimeOffset? Since,
    [property: Id(3)] int Limit);
