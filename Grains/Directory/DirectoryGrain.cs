using ContactCenter.Common;
using ContactCenter.Model;

namespace ContactCenter.Directory;

[GenerateSerializer]
public sealed class DirectoryState
{
    [Id(0)]
    public DirectorySnapshot Snapshot { get; set; } = DirectorySnapshot.Empty;
}

public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.Directory)] IPersistentState<DirectoryState> state,
    DomainClock clock)
    : Grain, IDirectoryGrain
{
    public ValueTask<DirectorySnapshot> GetAsync() => ValueTask.FromResult(state.State.Snapshot);

    public ValueTask<long> GetVersionAsync() => ValueTask.FromResult(state.State.Snapshot.Version);

    public ValueTask<long> ReplaceAsync(DirectorySnapshot snapshot)
    {
        DirectoryValidator.Validate(snapshot);
        return StoreAsync(snapshot);
    }

    private async ValueTask<long> StoreAsync(DirectorySnapshot snapshot)
    {
        state.State.Snapshot = snapshot with { Version = state.State.Snapshot.Version + 1 };
        await state.WriteStateAsync();
        return state.State.Snapshot.Version;
    }

    public ValueTask<long> MergeAsync(DirectorySnapshot additions) => ReplaceAsync(Merged(additions));

    public ValueTask<long> UpsertOperatorAsync(OperatorProfile profile) => UpsertOperatorsAsync([profile]);

    /// <summary>One write for the lot: staffing a centre of thousands one upsert at a time rewrites the whole directory each time.</summary>
    public ValueTask<long> UpsertOperatorsAsync(IReadOnlyList<OperatorProfile> profiles)
    {
        var merged = Merged(DirectorySnapshot.Empty with { Operators = profiles });
        DirectoryValidator.Validate(merged);
        foreach (var profile in profiles)
        {
            DirectoryValidator.ValidateOperatorChange(profile, merged);
        }

        return StoreAsync(merged);
    }

    public ValueTask<long> UpsertQueueAsync(QueueDefinition queue) =>
        MergeAsync(DirectorySnapshot.Empty with { Queues = [queue] });

    public ValueTask<OperatorProfile?> FindOperatorAsync(string operatorId) =>
        ValueTask.FromResult(state.State.Snapshot.Operators.FirstOrDefault(o => o.Id == operatorId));

    public ValueTask<QueueDefinition?> FindQueueAsync(string queueId) =>
        ValueTask.FromResult(state.State.Snapshot.Queues.FirstOrDefault(q => q.Id == queueId));

    public async ValueTask<ServiceInterruption> DeclareInterruptionAsync(InterruptionDeclaration declaration)
    {
        var current = state.State.Snapshot;
        var interruption = new ServiceInterruption(
            $"si-{Guid.NewGuid():N}",
            DirectoryValidator.InterruptedOrganisation(declaration, current),
            declaration.QueueId,
            declaration.Kind,
            declaration.Reason,
            declaration.StartedAt ?? clock.Now,
            declaration.ExpectedRestorationAt,
            declaration.AlternativeChannels);
        await ReplaceAsync(current with { Interruptions = [.. current.DeclaredInterruptions, interruption] });
        return interruption;
    }

    public async ValueTask<ServiceInterruption> EndInterruptionAsync(string interruptionId)
    {
        var current = state.State.Snapshot;
        var interruption = current.DeclaredInterruptions.FirstOrDefault(i => i.Id == interruptionId)
            ?? throw ContactCenterException.NotFound($"interruption '{interruptionId}' is not declared, or has ended");

        // Ended interruptions leave the directory: every silo's copy stays small.
        await ReplaceAsync(current with { Interruptions = [.. current.DeclaredInterruptions.Where(i => i.Id != interruptionId)] });
        return interruption with { EndedAt = clock.Now };
    }

    public async ValueTask<bool> SeedIfEmptyAsync(DirectorySnapshot snapshot)
    {
        if (state.State.Snapshot.Version > 0)
        {
            return false;
        }

        await ReplaceAsync(snapshot);
        return true;
    }

    private DirectorySnapshot Merged(DirectorySnapshot additions)
    {
        var current = state.State.Snapshot;
        return new DirectorySnapshot(
            current.Version,
            Merge(current.Organisations, additions.Organisations, o => o.Id),
            Merge(current.Regions, additions.Regions, r => r.Id),
            Merge(current.Topics, additions.Topics, t => t.Id),
            Merge(current.Queues, additions.Queues, q => q.Id),
            Merge(current.Operators, additions.Operators, o => o.Id),
            additions.HostOrganisationId ?? current.HostOrganisationId,
            current.DeclaredInterruptions);
    }

    private static List<T> Merge<T>(IReadOnlyList<T> current, IReadOnlyList<T> additions, Func<T, string> id)
    {
        var replaced = additions.Select(id).ToHashSet(StringComparer.Ordinal);
        return [.. current.Where(item => !replaced.Contains(id(item))), .. additions];
    }
}
