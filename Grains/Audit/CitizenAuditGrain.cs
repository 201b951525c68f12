using ContactCenter.Citizens;
using ContactCenter.Common;
using Microsoft.Extensions.Options;

namespace ContactCenter.Audit;

[GenerateSerializer]
public sealed class CitizenAuditState
{
    /// <summary>Oldest first, as appended.</summary>
    [Id(0)]
    public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// The personal-data access trail of one card (the key is the card id). One grain per card keeps
/// each write small and spreads the trail over the cluster; retention bounds it by age and count
/// (<see cref="CitizensOptions.AuditRetention"/>, <see cref="CitizensOptions.AuditEntriesPerCard"/>).
/// </summary>
public sealed class CitizenAuditGrain(
    [PersistentState("citizen-audit", StorageNames.Citizens)] IPersistentState<CitizenAuditState> state,
    DomainClock clock,
    IOptions<CitizensOptions> options)
    : Grain, ICitizenAuditGrain
{
    private List<AuditEntry> Entries => state.State.Entries;

    public async ValueTask AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        var known = Entries.Select(e => e.Id).ToHashSet();
        var added = entries.Where(e => !known.Contains(e.Id)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        // Entries moved over from a merged card may be older than the ones here.
        state.State.Entries = [.. Entries.Concat(added).OrderBy(e => e.At)];

        var o = options.Value;
        var oldest = clock.Now - o.AuditRetention;
        Entries.RemoveAll(e => e.At < oldest);
        if (Entries.Count > o.AuditEntriesPerCard)
        {
            Entries.RemoveRange(0, Entries.Count - o.AuditEntriesPerCard);
        }

        await state.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<AuditEntry>> QueryAsync(string organisationId, string? interactionId, DateTimeOffset? since, int limit)
    {
        IReadOnlyList<AuditEntry> found =
        [
            .. Enumerable.Reverse(Entries)
                .Where(e => e.OrganisationId == organisationId)
                .Where(e => interactionId is null || e.InteractionId == interactionId)
                .Where(e => since is null || e.At >= since)
                .Take(limit),
        ];
        return ValueTask.FromResult(found);
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAllAsync() => ValueTask.FromResult<IReadOnlyList<AuditEntry>>([.. Entries]);
}
