namespace ContactCenter.Directory;

/// <summary>
/// The authoritative copy of organisations, regions, topics, queues and operator profiles.
/// Grains read it through a per-silo cache, so routing never funnels through this one actor.
/// </summary>
public interface IDirectoryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    ValueTask<DirectorySnapshot> GetAsync();

    /// <summary>The version alone (0 while empty): a sign of life that does not carry the whole directory across silos.</summary>
    ValueTask<long> GetVersionAsync();

    /// <summary>Replaces the whole directory; returns the new version.</summary>
    ValueTask<long> ReplaceAsync(DirectorySnapshot snapshot);

    /// <summary>Adds the entries of <paramref name="additions"/>, replacing those with the same id; returns the new version.</summary>
    ValueTask<long> MergeAsync(DirectorySnapshot additions);

    /// <summary>Adds or replaces one operator profile, refusing it when routing could not use it; returns the new version.</summary>
    ValueTask<long> UpsertOperatorAsync(OperatorProfile profile);

    /// <summary>Adds or replaces one queue definition, refusing it when routing could not use it; returns the new version.</summary>
    ValueTask<long> UpsertQueueAsync(QueueDefinition queue);

    ValueTask<OperatorProfile?> FindOperatorAsync(string operatorId);

    ValueTask<QueueDefinition?> FindQueueAsync(string queueId);

    ValueTask<ServiceInterruption> DeclareInterruptionAsync(InterruptionDeclaration declaration);

    /// <summary>Ends a declared interruption and returns it with its end time.</summary>
    ValueTask<ServiceInterruption> EndInterruptionAsync(string interruptionId);

    /// <summary>Loads <paramref name="snapshot"/> only when the directory is still empty.</summary>
    ValueTask<bool> SeedIfEmptyAsync(DirectorySnapshot snapshot);

    /// <summary>Adds or replaces many operators in one change: all of them, or none if one is refused.</summary>
    ValueTask<long> UpsertOperatorsAsync(IReadOnlyList<OperatorProfile> profiles);
}
