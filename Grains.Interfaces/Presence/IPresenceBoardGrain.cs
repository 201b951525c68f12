using Orleans.Concurrency;

namespace ContactCenter.Presence;

/// <summary>
/// One organisation's live presence, keyed by organisation id: the latest state of each of its
/// operators and the load of each of its queue grains, as they report it. Api hosts observe it
/// (one observer per host) and get what changed in batches, at most one per
/// Presence:UpdateInterval, however many operators changed.
/// </summary>
public interface IPresenceBoardGrain : IGrainWithStringKey
{
    /// <summary>Operators' latest reports, gathered by one silo's <c>PresenceRelay</c>; a report older than what the board holds is dropped.</summary>
    [OneWay]
    Task OperatorsChangedAsync(OperatorPresence[] presences);

    [OneWay]
    Task QueueLoadChangedAsync(QueueLoad load);

    /// <summary>Everything the board holds; NOT_FOUND for an organisation the directory does not know.</summary>
    ValueTask<BoardUpdate> GetSnapshotAsync();

    ValueTask SubscribeAsync(IPresenceObserver observer);

    ValueTask UnsubscribeAsync(IPresenceObserver observer);

    ValueTask<int> GetObserverCountAsync();
}

/// <summary>Implemented once per Api host, which fans batches out to the supervisor streams it holds.</summary>
public interface IPresenceObserver : IGrainObserver
{
    [OneWay]
    Task OnBoardChangedAsync(string organisationId, BoardUpdate batch);
}
