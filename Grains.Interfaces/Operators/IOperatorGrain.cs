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
}
