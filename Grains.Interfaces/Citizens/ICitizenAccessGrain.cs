namespace ContactCenter.Citizens;

/// <summary>
/// The one gate to citizen data from outside the cluster: decides who may see what for an
/// interaction, masks, audits every personal-data read, and runs identification. Stateless: any
/// silo runs it locally.
/// </summary>
public interface ICitizenAccessGrain : IGrainWithIntegerKey
{
    ValueTask<CitizenCardRead> GetCardAsync(Caller caller, string interactionId);

    ValueTask<CitizenCardRead> UpdateCardAsync(Caller caller, string interactionId, CitizenCardUpdate update);

    ValueTask<IdentificationResult> IdentifyAsync(string operatorId, string interactionId, IdentificationClaim claim);

    ValueTask<CitizenCardRead> SetSecretCodeAsync(string operatorId, string interactionId, SecretCodeRegistration registration);

    /// <summary>A supervisor reads the audit trail of a card, or of the card of an interaction, for their organisation.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(Caller supervisor, AuditQuery query);
}
