using Orleans.Concurrency;

namespace ContactCenter.Operators;

/// <summary>
/// One operator's presence and workload. The only authority on the operator's capacity: a
/// reservation is granted or refused here, in one turn, so no operator is ever double-booked.
/// </summary>
public interface IOperatorGrain : IGrainWithStringKey
{
    ValueTask<OperatorSnapshot> SignInAsync(OperatorStatus initialStatus, NotReadyReason reason);

    ValueTask<OperatorSnapshot> SignOutAsync();

    ValueTask<OperatorSnapshot> SetStatusAsync(OperatorStatus status, NotReadyReason reason);

    ValueTask<OperatorSnapshot> GetSnapshotAsync();

    /// <summary>A queue asks to offer an interaction; true when the operator took the reservation.</summary>
    ValueTask<bool> TryReserveAsync(OfferInfo offer);

    /// <summary>The offer is gone (declined, expired, citizen left); frees the reserved capacity.</summary>
    ValueTask WithdrawOfferAsync(string interactionId, bool missed);

    /// <summary>The operator accepted: the reservation becomes an assignment.</summary>
    ValueTask ConfirmAssignmentAsync(string interactionId);

    /// <summary>
    /// The conversation ended and after-call work began: the capacity stays held and an Available
    /// operator shows After-call work until the interaction releases it.
    /// </summary>
    ValueTask StartWrapUpAsync(string interactionId);

    /// <summary>The interaction no longer needs the operator; frees capacity and pulls new work.</summary>
    ValueTask ReleaseAsync(string interactionId);

    /// <summary>
    /// Looks for the best waiting interaction across the operator's queues. The operator sends this
    /// to itself after freeing capacity, so the caller that freed it does not wait for the search.
    /// </summary>
    [OneWay]
    Task PullWorkAsync();

    ValueTask SubscribeAsync(IDeskObserver observer);

    ValueTask UnsubscribeAsync(IDeskObserver observer);

    // Presence: desk heartbeats, supervisor actions.

    /// <summary>
    /// The desk is alive. From its first heartbeat the desk is watched: while the operator is
    /// signed in, a desk silent past the desk timeout is lost (Offline, offers back to their
    /// queues, connected interactions kept and flagged). A heartbeat after that clears the flag.
    /// </summary>
    ValueTask<OperatorSnapshot> HeartbeatAsync();

    /// <summary>Any other call from the desk: counts as a heartbeat of a watched desk, but does not start watching.</summary>
    [OneWay]
    Task DeskActiveAsync();

    /// <summary>Declares the desk lost when its deadline has passed. Safe to call at any time, any number of times.</summary>
    [OneWay]
    Task CheckDeskAsync();

    /// <summary>A supervisor sets the status: Available, or Not ready with the reason ForcedBySupervisor.</summary>
    ValueTask<OperatorSnapshot> ForceStatusAsync(OperatorStatus status);

    /// <summary>A supervisor signs the operator out: offers go back to their queues, connected interactions stay.</summary>
    ValueTask<OperatorSnapshot> ForceSignOutAsync();

    /// <summary>How many hosts observe this operator's desk events (each fans them out to its own streams).</summary>
    ValueTask<int> GetDeskObserverCountAsync();
}
