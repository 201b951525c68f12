using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace ContactCenter.Operators;

[GenerateSerializer]
public sealed class OperatorState
{
    [Id(0)]
    public OperatorProfile? Profile { get; set; }

    [Id(1)]
    public OperatorStatus Status { get; set; } = OperatorStatus.Offline;

    [Id(2)]
    public NotReadyReason Reason { get; set; }

    [Id(3)]
    public DateTimeOffset StatusSince { get; set; }

    [Id(4)]
    public List<OfferInfo> Offers { get; set; } = [];

    [Id(5)]
    public List<Assignment> Assignments { get; set; } = [];

    [Id(6)]
    public DateTimeOffset IdleSince { get; set; }

    [Id(7)]
    public int ConsecutiveMisses { get; set; }

    [Id(8)]
    public List<string> QueueIds { get; set; } = [];

    [Id(9)]
    public StatusTimes Times { get; set; } = new();
}

public sealed class OperatorGrain(
    [PersistentState("operator", StorageNames.Operators)] IPersistentState<OperatorState> state,
    DirectoryCache directory,
    DomainClock clock,
    IOptions<RoutingOptions> options,
    ILogger<OperatorGrain> logger)
    : Grain, IOperatorGrain
{
    private const int MaxTakeAttempts = 3;

    /// <summary>Longer than the interaction's own deadline backstop, so the interaction normally withdraws first.</summary>
    private static readonly TimeSpan StaleOfferGrace = TimeSpan.FromMinutes(3);

    private readonly ObserverManager<IDeskObserver> _desks = new(TimeSpan.FromMinutes(5), logger);
    private long _sequence;

    private string OperatorId => this.GetPrimaryKeyString();

    private OperatorState S => state.State;

    public async ValueTask<OperatorSnapshot> SignInAsync(OperatorStatus initialStatus, NotReadyReason reason)
    {
        OperatorStatusRules.EnsureSignInStatus(initialStatus, reason);
        var index = await directory.GetAsync();
        var profile = index.GetOperator(OperatorId);
        S.Profile = profile;
        S.QueueIds = [.. index.QueuesServedBy(profile)];
        if (S.Status == OperatorStatus.Offline)
        {
            S.IdleSince = clock.Now;
        }

        await ChangeStatusAsync(initialStatus, reason);
        return Snapshot();
    }

    public async ValueTask<OperatorSnapshot> SignOutAsync()
    {
        if (S.Status == OperatorStatus.Offline)
        {
            return Snapshot();
        }

        if (S.Assignments.Count > 0)
        {
            throw ContactCenterException.Precondition(
                $"operator '{OperatorId}' still holds {S.Assignments.Count} interaction(s); complete or transfer them before signing out");
        }

        var offers = S.Offers.ToList();
        S.Offers.Clear();
        await ChangeStatusAsync(OperatorStatus.Offline, NotReadyReason.None);
        foreach (var offer in offers)
        {
            // The interaction takes the offer back and requeues itself; one-way, so no call cycle.
            await GrainFactory.GetGrain<IInteractionGrain>(offer.InteractionId).OperatorLeftAsync(OperatorId);
        }

        return Snapshot();
    }

    public async ValueTask<OperatorSnapshot> SetStatusAsync(OperatorStatus status, NotReadyReason reason)
    {
        OperatorStatusRules.EnsureSettable(S.Status, status, reason);
        await ChangeStatusAsync(status, reason);
        return Snapshot();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Sequences continue across activations (and silos) because they start from the clock.
        _sequence = clock.Now.ToUnixTimeMilliseconds() * 1000;
        return Task.CompletedTask;
    }

    public async ValueTask<OperatorSnapshot> GetSnapshotAsync()
    {
        if (S.Profile is null)
        {
            // Never signed in: still refuse ids the directory does not know.
            (await directory.GetAsync()).GetOperator(OperatorId);
        }

        return Snapshot();
    }

    public async ValueTask<bool> TryReserveAsync(OfferInfo offer)
    {
        if (S.Offers.Any(o => o.InteractionId == offer.InteractionId))
        {
            return true;
        }

        await DropStaleOffersAsync();

        if (S.Status != OperatorStatus.Available || FreeCapacity().GetValueOrDefault(offer.Channel) <= 0)
        {
            return false;
        }

        S.Offers.Add(offer);
        await SaveAsync();
        Publish(DeskEventKind.OfferMade, offer.InteractionId, offer);
        return true;
    }

    public async ValueTask WithdrawOfferAsync(string interactionId, bool missed)
    {
        if (S.Offers.RemoveAll(o => o.InteractionId == interactionId) == 0)
        {
            return;
        }

        var limit = options.Value.MissedOffersBeforeNotReady;
        if (missed && ++S.ConsecutiveMisses >= limit && S.Status == OperatorStatus.Available)
        {
            logger.LogInformation("Operator {OperatorId} missed {Misses} offers in a row and goes Not ready", OperatorId, S.ConsecutiveMisses);
            await ChangeStatusAsync(OperatorStatus.NotReady, NotReadyReason.NoAnswer);
        }
        else
        {
            await SaveAsync();
            await RequestPullAsync();
        }

        Publish(DeskEventKind.OfferWithdrawn, interactionId, null);
    }

    public async ValueTask ConfirmAssignmentAsync(string interactionId)
    {
        var offer = S.Offers.FirstOrDefault(o => o.InteractionId == interactionId)
            ?? throw ContactCenterException.Precondition($"interaction '{interactionId}' is not offered to operator '{OperatorId}'");
        S.Offers.Remove(offer);
        S.Assignments.Add(new Assignment(interactionId, offer.Channel, clock.Now));
        S.ConsecutiveMisses = 0;
        await SaveAsync();
        Publish(DeskEventKind.Assigned, interactionId, null);
    }

    public async ValueTask StartWrapUpAsync(string interactionId)
    {
        var index = S.Assignments.FindIndex(a => a.InteractionId == interactionId);
        if (index < 0 || S.Assignments[index].WrapUpSince is not null)
        {
            return;
        }

        S.Assignments[index] = S.Assignments[index] with { WrapUpSince = clock.Now };
        Publish(DeskEventKind.WrapUpStarted, interactionId, null);
        if (S.Status == OperatorStatus.Available)
        {
            await ChangeStatusAsync(OperatorStatus.AfterCallWork, NotReadyReason.None);
        }
        else
        {
            await SaveAsync();
        }
    }

    public async ValueTask ReleaseAsync(string interactionId)
    {
        if (S.Assignments.RemoveAll(a => a.InteractionId == interactionId) == 0)
        {
            return;
        }

        if (S.Assignments.Count == 0 && S.Offers.Count == 0)
        {
            S.IdleSince = clock.Now;
        }

        Publish(DeskEventKind.Released, interactionId, null);
        if (S.Status == OperatorStatus.AfterCallWork && S.Assignments.All(a => a.WrapUpSince is null))
        {
            // The last wrap-up is done: back to taking work (which also pulls).
            await ChangeStatusAsync(OperatorStatus.Available, NotReadyReason.None);
            return;
        }

        await SaveAsync();
        await RequestPullAsync();
    }

    public async Task PullWorkAsync()
    {
        if (S.Profile is null)
        {
            return;
        }

        await DropStaleOffersAsync();
        if (S.Status != OperatorStatus.Available)
        {
            // A queue that restarted asks everyone it knew; tell it where this operator stands.
            await AnnounceToQueuesAsync();
            return;
        }

        var attempts = 0;
        while (Workload.HasRoom(FreeCapacity()) && attempts < MaxTakeAttempts)
        {
            var pulled = await TryPullOneAsync();
            if (pulled is null)
            {
                break;
            }

            attempts = pulled.Value ? 0 : attempts + 1;
        }

        await AnnounceToQueuesAsync();
    }

    public ValueTask SubscribeAsync(IDeskObserver observer)
    {
        _desks.Subscribe(observer, observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask UnsubscribeAsync(IDeskObserver observer)
    {
        _desks.Unsubscribe(observer);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Takes the best interaction waiting in any of the operator's queues. Null when nothing waits
    /// that fits; false when the chosen one was gone or refused the offer (worth another look).
    /// </summary>
    private async Task<bool?> TryPullOneAsync()
    {
        var candidate = Candidate();
        var queues = S.QueueIds.Select(id => GrainFactory.GetGrain<IQueueGrain>(id)).ToList();
        var heads = await Task.WhenAll(queues.Select(q => q.PeekAsync(candidate).AsTask()));
        var best = Matching.BestOf(heads);
        if (best is null)
        {
            return null;
        }

        var queueIndex = Array.FindIndex(heads, h => h?.InteractionId == best.InteractionId);
        var queue = queues[queueIndex];
        var taken = await queue.TakeAsync(best.InteractionId);
        if (taken is null)
        {
            return false;
        }

        // Re-checked after the awaits: a queue may have reserved this operator meanwhile.
        if (S.Status != OperatorStatus.Available || FreeCapacity().GetValueOrDefault(taken.Channel) <= 0)
        {
            await queue.RequeueAtHeadAsync(taken);
            return null;
        }

        var queueId = S.QueueIds[queueIndex];
        var definition = (await directory.GetAsync()).GetQueue(queueId);
        var now = clock.Now;
        var offer = new OfferInfo(taken.InteractionId, queueId, taken.Channel, taken.RegionId, taken.Language, taken.TopicId, now, now + definition.OfferTimeout);
        S.Offers.Add(offer);
        await SaveAsync();
        if (!await GrainFactory.GetGrain<IInteractionGrain>(taken.InteractionId).OfferAsync(OperatorId, queueId, offer.ExpiresAt))
        {
            S.Offers.Remove(offer);
            await SaveAsync();
            return false;
        }

        Publish(DeskEventKind.OfferMade, offer.InteractionId, offer);
        return true;
    }

    /// <summary>
    /// An offer whose interaction never heard of it (the queue's silo died between reserving this
    /// operator and telling the interaction) would hold capacity forever. Normally the interaction
    /// withdraws an expired offer itself; well past expiry the operator lets it go on its own.
    /// </summary>
    private async Task DropStaleOffersAsync()
    {
        var cutoff = clock.Now - StaleOfferGrace;
        if (S.Offers.RemoveAll(o => o.ExpiresAt < cutoff) == 0)
        {
            return;
        }

        logger.LogWarning("Operator {OperatorId} dropped offers that expired before {Cutoff} without an answer from their interaction", OperatorId, cutoff);
        await SaveAsync();
    }

    private async Task ChangeStatusAsync(OperatorStatus status, NotReadyReason reason)
    {
        var changed = S.Status != status || S.Reason != reason;
        if (changed)
        {
            S.Status = status;
            S.Reason = reason;
            S.StatusSince = clock.Now;
        }

        if (status == OperatorStatus.Available)
        {
            S.ConsecutiveMisses = 0;
        }

        await SaveAsync();
        if (changed)
        {
            Publish(DeskEventKind.StatusChanged, null, null);
        }

        if (status == OperatorStatus.Available)
        {
            // Staffed at once, offered work only by the pull: it takes the best across all queues first.
            await AnnounceToQueuesAsync(offerCapacity: false);
            await RequestPullAsync();
        }
        else
        {
            await AnnounceToQueuesAsync();
        }
    }

    private Task RequestPullAsync() => this.AsReference<IOperatorGrain>().PullWorkAsync();

    /// <summary>
    /// Tells each queue whether this operator can take work now. Awaited, so a queue knows who is
    /// signed in before the caller hears back; queues are reentrant, so this cannot deadlock.
    /// </summary>
    private async Task AnnounceToQueuesAsync(bool offerCapacity = true)
    {
        var signedIn = S.Status != OperatorStatus.Offline;
        var candidate = offerCapacity && S.Status == OperatorStatus.Available && Workload.HasRoom(FreeCapacity()) ? Candidate() : null;
        await Task.WhenAll(S.QueueIds.Select(async queueId =>
        {
            var queue = GrainFactory.GetGrain<IQueueGrain>(queueId);
            try
            {
                if (candidate is null)
                {
                    await queue.OperatorUnavailableAsync(OperatorId, signedIn);
                }
                else
                {
                    await queue.OperatorAvailableAsync(candidate);
                }
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Queue {QueueId} did not take the presence of {OperatorId}", queueId, OperatorId);
            }
        }));
    }

    private IReadOnlyDictionary<Channel, int> FreeCapacity() =>
        S.Profile is null
            ? new Dictionary<Channel, int>()
            : Workload.FreeCapacity(S.Profile.Capacity, S.Offers.Select(o => o.Channel).Concat(S.Assignments.Select(a => a.Channel)));

    private OperatorCandidate Candidate()
    {
        var profile = S.Profile!;
        return new OperatorCandidate(
            OperatorId, profile.Regions, profile.Skills, profile.Languages, FreeCapacity(), S.Offers.Count + S.Assignments.Count, S.IdleSince);
    }

    /// <summary>The status the desk shows: Available with every channel taken shows as Busy.</summary>
    private OperatorStatus ShownStatus()
    {
        var held = S.Offers.Count + S.Assignments.Count;
        return S.Status == OperatorStatus.Available && held > 0 && !Workload.HasRoom(FreeCapacity())
            ? OperatorStatus.Busy
            : S.Status;
    }

    /// <summary>Closes the time-in-status stretch when the shown status changed; counting starts at the first sign-in.</summary>
    private void AccountStatusTime()
    {
        if (S.Profile is not null)
        {
            S.Times.Enter(ShownStatus(), S.Reason, clock.Now);
        }
    }

    private Task SaveAsync()
    {
        AccountStatusTime();
        return state.WriteStateAsync();
    }

    private OperatorSnapshot Snapshot()
    {
        AccountStatusTime();
        var now = clock.Now;
        return new OperatorSnapshot(
            OperatorId, S.Profile?.Name ?? OperatorId, S.Profile?.OrganisationId ?? string.Empty, ShownStatus(), S.Reason,
            S.Times.Since ?? S.StatusSince, [.. S.Offers], [.. S.Assignments], [.. S.QueueIds], _sequence, S.Times.AsOf(now));
    }

    private void Publish(DeskEventKind kind, string? interactionId, OfferInfo? offer)
    {
        _sequence++;
        if (_desks.Count == 0)
        {
            return;
        }

        var deskEvent = new DeskEvent(kind, _sequence, interactionId, offer, Snapshot());
        _desks.Notify(desk => desk.OnDeskEventAsync(OperatorId, deskEvent));
    }
}
