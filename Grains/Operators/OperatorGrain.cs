using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Presence;
using ContactCenter.Queues;
using ContactCenter.Reporting;
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

    /// <summary>Set by the desk's first heartbeat (the desk is watched from then on) and cleared at sign-out.</summary>
    [Id(10)]
    public DateTimeOffset? DeskSeenAt { get; set; }

    [Id(11)]
    public DateTimeOffset? DeskLostSince { get; set; }
}

public sealed class OperatorGrain(
    [PersistentState("operator", StorageNames.Operators)] IPersistentState<OperatorState> state,
    DirectoryCache directory,
    DomainClock clock,
    IOptions<RoutingOptions> options,
    IOptions<PresenceOptions> presence,
    IReportingSink reporting,
    PresenceRelay presenceRelay,
    ILogger<OperatorGrain> logger)
    : Grain, IOperatorGrain, IRemindable
{
    /// <summary>Status stretches closed since the last save, for the per-operator report; sent with the save.</summary>
    private readonly List<OperatorStatusInterval> _closedStretches = [];

    private const int MaxTakeAttempts = 3;

    /// <summary>
    /// The desk deadline runs on an in-memory timer; this durable reminder wakes the operator if
    /// its silo dies while a watched desk is signed in, so a desk that died with it is still lost.
    /// </summary>
    private const string DeskBackstopReminder = "desk-backstop";

    /// <summary>Longer than the interaction's own deadline backstop, so the interaction normally withdraws first.</summary>
    private static readonly TimeSpan StaleOfferGrace = TimeSpan.FromMinutes(3);

    private readonly ObserverManager<IDeskObserver> _desks = new(TimeSpan.FromMinutes(5), logger);
    private long _sequence;

    /// <summary>Orders this operator's reports to the presence board; apart from the desk's sequence, which moves only with desk events.</summary>
    private long _presenceSequence;

    /// <summary>This activation's own reference, for the calls it makes to itself (pull work, desk checks).</summary>
    private IOperatorGrain? _self;

    private DeadlineTimer? _deskTimer;
    private IGrainReminder? _deskBackstop;
    private bool _deskBackstopKnown;

    /// <summary>
    /// The last time the desk was heard. Kept in memory only, so a heartbeat costs no write; after
    /// a reactivation the desk gets a whole timeout to be heard again.
    /// </summary>
    private DateTimeOffset? _deskSeenAt;

    /// <summary>What the presence board was last told, so unchanged presence is not sent again.</summary>
    private OperatorPresence? _reported;

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

        HearDesk(startWatching: false);
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

        // Signed out on purpose: the desk is no longer watched.
        S.DeskSeenAt = null;
        S.DeskLostSince = null;
        _deskSeenAt = null;
        await GoOfflineAsync(DeskEventKind.StatusChanged);
        return Snapshot();
    }

    public async ValueTask<OperatorSnapshot> SetStatusAsync(OperatorStatus status, NotReadyReason reason)
    {
        OperatorStatusRules.EnsureSettable(S.Status, status, reason);
        HearDesk(startWatching: false);
        await ChangeStatusAsync(status, reason);
        return Snapshot();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Sequences continue across activations (and silos) because they start from the clock.
        _sequence = clock.Now.ToUnixTimeMilliseconds() * 1000;
        _presenceSequence = _sequence;
        _self = GrainFactory.Self<IOperatorGrain>(this);
        _deskTimer = new DeadlineTimer(clock, () => _self.CheckDeskAsync());
        _deskSeenAt = S.DeskSeenAt is { } seen ? Later(seen, clock.Now) : null;
        _deskTimer.Arm(DeskDeadline());

        // An operator that never signed in cannot have a reminder yet: no lookup needed before the first one.
        _deskBackstopKnown = S.Profile is null;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deskTimer?.Dispose();
        return Task.CompletedTask;
    }

    public async ValueTask<OperatorSnapshot> HeartbeatAsync()
    {
        if (S.Profile is null)
        {
            (await directory.GetAsync()).GetOperator(OperatorId);
        }

        await DeskHeardAsync(startWatching: true);
        return Snapshot();
    }

    public Task DeskActiveAsync() => DeskHeardAsync(startWatching: false);

    public async Task CheckDeskAsync()
    {
        if (DeskDeadline() is { } deadline && clock.Now >= deadline)
        {
            logger.LogWarning(
                "The desk of operator {OperatorId} was silent since {SeenAt}: Offline, {Offers} offer(s) back to their queues, {Held} interaction(s) kept",
                OperatorId, _deskSeenAt, S.Offers.Count, S.Assignments.Count);
            S.DeskLostSince = clock.Now;
            await GoOfflineAsync(DeskEventKind.DeskLost);
            return;
        }

        await ArmDeskDeadlineAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == DeskBackstopReminder ? CheckDeskAsync() : Task.CompletedTask;

    public async ValueTask<OperatorSnapshot> ForceStatusAsync(OperatorStatus status)
    {
        var reason = OperatorStatusRules.EnsureForcible(S.Status, status);
        logger.LogInformation("A supervisor set operator {OperatorId} {Status}", OperatorId, status);
        await ChangeStatusAsync(status, reason);
        return Snapshot();
    }

    public async ValueTask<OperatorSnapshot> ForceSignOutAsync()
    {
        if (S.Status == OperatorStatus.Offline)
        {
            return Snapshot();
        }

        logger.LogInformation("A supervisor signed operator {OperatorId} out; {Held} interaction(s) kept", OperatorId, S.Assignments.Count);
        await GoOfflineAsync(DeskEventKind.StatusChanged);
        return Snapshot();
    }

    public ValueTask<int> GetDeskObserverCountAsync() => ValueTask.FromResult(_desks.Count);

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
        var queues = S.QueueIds.Select(id => GrainFactory.Grain<IQueueGrain>(id)).ToList();
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
        if (!await GrainFactory.Grain<IInteractionGrain>(taken.InteractionId).OfferAsync(OperatorId, queueId, offer.ExpiresAt))
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

    /// <summary>
    /// Offline at once: open offers go back to the head of their queues; interactions already
    /// connected stay with the operator, who may still finish them.
    /// </summary>
    private async Task GoOfflineAsync(DeskEventKind kind)
    {
        var offers = S.Offers.ToList();
        S.Offers.Clear();
        await ChangeStatusAsync(OperatorStatus.Offline, NotReadyReason.None, kind);
        foreach (var offer in offers)
        {
            // The interaction takes the offer back and requeues itself; one-way, so no call cycle.
            await GrainFactory.Grain<IInteractionGrain>(offer.InteractionId).OperatorLeftAsync(OperatorId);
        }
    }

    /// <summary>Records that the desk was heard; true when that changed the durable state (watching began, or a lost desk came back).</summary>
    private bool HearDesk(bool startWatching)
    {
        if (S.DeskSeenAt is null && !startWatching)
        {
            return false;
        }

        var now = clock.Now;
        _deskSeenAt = now;
        if (S.DeskSeenAt is not null && S.DeskLostSince is null)
        {
            return false;
        }

        S.DeskSeenAt = now;
        S.DeskLostSince = null;
        return true;
    }

    private async Task DeskHeardAsync(bool startWatching)
    {
        var restored = S.DeskLostSince is not null;
        if (!HearDesk(startWatching))
        {
            // The common case: the timer is not moved; when it fires it finds the later deadline.
            return;
        }

        await SaveAsync();
        if (restored)
        {
            Publish(DeskEventKind.DeskRestored, null, null);
        }

        await ArmDeskDeadlineAsync();
    }

    private DateTimeOffset? DeskDeadline() =>
        S.Status != OperatorStatus.Offline && _deskSeenAt is { } seen ? seen + presence.Value.DeskTimeout : null;

    /// <summary>Arms the in-memory timer for the desk deadline and keeps the durable backstop in step.</summary>
    private async Task ArmDeskDeadlineAsync()
    {
        var deadline = DeskDeadline();
        _deskTimer?.Arm(deadline);
        var wanted = deadline is not null;
        if (_deskBackstopKnown && wanted == (_deskBackstop is not null))
        {
            return;
        }

        if (wanted)
        {
            var period = options.Value.DeadlineBackstopPeriod;
            _deskBackstop = await this.RegisterOrUpdateReminder(DeskBackstopReminder, period, period);
        }
        else if ((_deskBackstopKnown ? _deskBackstop : await this.GetReminder(DeskBackstopReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _deskBackstop = null;
        }

        _deskBackstopKnown = true;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task ChangeStatusAsync(OperatorStatus status, NotReadyReason reason, DeskEventKind kind = DeskEventKind.StatusChanged)
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
        if (changed || kind != DeskEventKind.StatusChanged)
        {
            Publish(kind, null, null);
        }

        await ArmDeskDeadlineAsync();

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

    private Task RequestPullAsync() => _self!.PullWorkAsync();

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
            var queue = GrainFactory.Grain<IQueueGrain>(queueId);
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
            : Workload.FreeCapacity(S.Profile.Capacity, S.Offers, S.Assignments);

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
        if (S.Profile is not { } profile)
        {
            return;
        }

        var (status, reason, since, now) = (S.Times.Status, S.Times.Reason, S.Times.Since, clock.Now);
        if (S.Times.Enter(ShownStatus(), S.Reason, now) && since is { } from && now > from)
        {
            _closedStretches.Add(new OperatorStatusInterval(OperatorId, profile.OrganisationId, status, reason, from, now));
        }
    }

    private async Task SaveAsync()
    {
        AccountStatusTime();
        ReportPresence();
        await state.WriteStateAsync();

        // After the write: a stretch reported twice (a save retried) is kept once by the store, keyed by operator and start.
        foreach (var stretch in _closedStretches)
        {
            await reporting.ReportStatusAsync(stretch);
        }

        _closedStretches.Clear();
    }

    /// <summary>
    /// Tells the organisation's presence board when what a supervisor sees of this operator changed
    /// (status, since, desk lost, queues); offers and assignments alone do not travel. Through this
    /// silo's relay, which gathers reports for a moment and never holds the operator up.
    /// </summary>
    private void ReportPresence()
    {
        if (S.Profile is not { } profile)
        {
            return;
        }

        var presence = new OperatorPresence(
            OperatorId, profile.Name, ShownStatus(), S.Reason, S.Times.Since ?? S.StatusSince, S.DeskLostSince, [.. S.QueueIds], _presenceSequence, profile.TeamId);
        if (_reported is not null && _reported.LooksLike(presence))
        {
            return;
        }

        // Every report gets its own sequence, so the board can drop one that arrives late.
        presence = presence with { Sequence = ++_presenceSequence };
        _reported = presence;
        presenceRelay.Report(profile.OrganisationId, presence);
    }

    private OperatorSnapshot Snapshot()
    {
        AccountStatusTime();
        var now = clock.Now;
        return new OperatorSnapshot(
            OperatorId, S.Profile?.Name ?? OperatorId, S.Profile?.OrganisationId ?? string.Empty, ShownStatus(), S.Reason,
            S.Times.Since ?? S.StatusSince, [.. S.Offers], [.. S.Assignments], [.. S.QueueIds], _sequence, S.Times.AsOf(now),
            S.DeskLostSince, DeskDeadline(), S.Profile?.TeamId, _presenceSequence);
    }

    private void Publish(DeskEventKind kind, string? interactionId, OfferInfo? offer)
    {
        _sequence++;
        ReportPresence();
        if (_desks.Count == 0)
        {
            return;
        }

        var deskEvent = new DeskEvent(kind, _sequence, interactionId, offer, Snapshot());
        _desks.Notify(desk => desk.OnDeskEventAsync(OperatorId, deskEvent));
    }
}
