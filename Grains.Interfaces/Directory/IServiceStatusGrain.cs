namespace ContactCenter.Directory;

/// <summary>
/// Answers gateways' "is service interrupted?" from each silo's copy of the directory, so polling
/// gateways never queue up on the one directory grain.
/// </summary>
public interface IServiceStatusGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Interruptions of the organisation (and of each of its queues) when <paramref name="queueId"/>
    /// is null; else those of that queue and of its whole organisation.
    /// </summary>
    ValueTask<ServiceStatus> GetAsync(string? organisationId, string? queueId);
}
