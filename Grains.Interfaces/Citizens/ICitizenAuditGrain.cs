namespace ContactCenter.Citizens;

/// <summary>
/// The audit trail of personal-data access to one card, kept durably and bounded (see
/// CitizensOptions: the newest entries up to a count, none older than the retention period).
/// </summary>
public interface ICitizenAuditGrain : IGrainWithStringKey
{
    ValueTask AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>Newest first; only entries of <paramref name="organisationId"/>.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> QueryAsync(string organisationId, string? interactionId, DateTimeOffset? since, int limit);

    /// <summary>Every entry kept, for moving a merged card's trail to its successor.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetAllAsync();
}
