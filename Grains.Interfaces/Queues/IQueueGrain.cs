using Orleans.Concurrency;

namespace ContactCenter.Queues;

/// <summary>
/// One queue: its waiting list (priority, then time waited) and the operators who may take from
/// it. Reentrant by design: it never holds a lock while it waits for an operator's answer.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds (or keeps, when already there) a waiting interaction and starts matching; refuses it
    /// when the queue is closed, unstaffed or full.
    /// </summary>
    ValueTask<EnqueueResult> EnqueueAsync(WaitingEntry entry);

    /// <summary>Puts an interaction whose offer failed back at the head of the waiting list.</summary>
    ValueTask RequeueAtHeadAsync(WaitingEntry entry);

    /// <summary>Replaces the entry of an interaction waiting or being offered here (its priority rose); ignored otherwise.</summary>
    ValueTask UpdateAsync(WaitingEntry entry);

    /// <summary>Removes a waiting interaction (the citizen left); false when it was not waiting.</summary>
    ValueTask<bool> RemoveAsync(string interactionId);

    ValueTask<QueuePosition?> GetPositionAsync(string interactionId);

    ValueTask<QueueStats> GetStatsAsync();

    /// <summary>An operator of this queue can take work (or took some and has less room now).</summary>
    ValueTask OperatorAvailableAsync(OperatorCandidate candidate);

    /// <summary>An operator of this queue can take no work now; <paramref name="signedIn"/> false when signed out.</summary>
    ValueTask OperatorUnavailableAsync(string operatorId, bool signedIn);

    /// <summary>Looks at the waiting list again: an overflow step may apply by now.</summary>
    [OneWay]
    Task RematchAsync();

    /// <summary>The best waiting interaction this operator may take, without taking it.</summary>
    ValueTask<WaitingEntry?> PeekAsync(OperatorCandidate candidate);

    /// <summary>Removes and returns the interaction for the operator who chose it, if still waiting.</summary>
    ValueTask<WaitingEntry?> TakeAsync(string interactionId);
}
