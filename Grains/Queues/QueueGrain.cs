using System.Diagnostics;
using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ContactCenter.Queues;

[GenerateSerializer]
public sealed class QueueState
{
    [Id(0)]
    public List<WaitingEntry> Waiting { get; set; } = [];

    [Id(1)]
    public string? LastAssignedOperatorId { get; set; }

    /// <summary>Operators of this queue who are signed in, whatever their status.</summary>
    [Id(2)]
    public HashSet<string> Staffed { get; set; } = [];
}

/// <summary>
/// Reentrant: while it waits for an operator's or interaction's answer it keeps serving
/// enqueues, peeks and takes, and keeps making other offers. An entry being offered is held apart
/// from the waiting list, so no interleaved call can hand it to anyone else meanwhile.
/// </summary>
[Reentrant]
public sealed class QueueGrain : Grain, IQueueGrain
{
    private readonly IPersistentState<QueueState> _state;
    private readonly DirectoryCache _directory;
    private readonly DomainClock _clock;
    private readonly StorageDurability _durability;
    private readonly RoutingOptions _options;
    private readonly PresenceOptions _presence;
    private readonly ILogger<QueueGrain> _logger;
    private readonly ContactCenterMetrics _metrics;
    private readonly CoalescingStateWriter _writer;
    private readonly WaitingList _waiting = new();
    private readonly CandidatePool _candidates = new();
    private readonly Dictionary<string, WaitingEntry> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelledInFlight = new(StringComparer.Ordinal);

    /// <summary>Operators this queue is offering to right now: one offer at a time each.</summary>
    private readonly HashSet<string> _offeringTo = new(StringComparer.Ordinal);

    /// <summary>
    /// Entries that came back while still in flight: the offer stood, but was declined, expired or
    /// withdrawn before this queue heard that it stood. They wait again once the offer attempt ends.
    /// </summary>
    private readonly Dictionary<string, WaitingEntry> _requeuedInFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Entries enqueued again while in flight: a registration retried after its first attempt failed
    /// past the enqueue. The offer then in flight may stand (the retry placed the interaction
    /// first) or be refused (it reached the unplaced interaction); refused, the entry waits again.
    /// </summary>
    private readonly Dictionary<string, WaitingEntry> _enqueuedInFlight = new(StringComparer.Ordinal);
    private DeadlineTimer? _relaxationTimer;
    private bool _matching;
    private bool _waitingDirty;
    private bool _saveScheduled;
    private IGrainTimer? _saveTimer;
    private bool _rematch;
    private BatchingTimer? _loadReport;

    public QueueGrain(
        [PersistentState("queue", StorageNames.Queues)] IPersistentState<QueueState> state,
        DirectoryCache directory,
        DomainClock clock,
        StorageDurability durability,
        IOptions<RoutingOptions> options,
        ContactCenterMetrics metrics,
        ILogger<QueueGrain> logger,
        IOptions<PresenceOptions> presence)
    {
        _metrics = metrics;
        _state = state;
        _directory = directory;
        _clock = clock;
        _durability = durability;
        _options = options.Value;
        _logger = logger;
        _writer = new CoalescingStateWriter(WriteStateAsync);
        _presence = presence.Value;
    }

    private string QueueId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _state.State.Waiting)
        {
            _waiting.Add(entry);
        }

        var self = GrainFactory.Self<IQueueGrain>(this);
        _loadReport = new BatchingTimer(this, _presence.UpdateInterval, ReportLoadAsync);
        _relaxationTimer = new DeadlineTimer(_clock, () => self.RematchAsync());

        // Who can take work is not stored (it changes too often): after a restart or a silo
        // loss, ask the signed-in operators to announce themselves again. One-way, so an
        // operator calling back into this queue cannot deadlock its activation.
        foreach (var operatorId in _state.State.Staffed)
        {
            _ = GrainFactory.Grain<IOperatorGrain>(operatorId).PullWorkAsync();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _relaxationTimer?.Dispose();
        _metrics.QueueGone(QueueId);
        // In-memory storage dies with the silo it is shutting down with: nothing to save into.
        if (_waitingDirty && (_durability.Durable || reason.ReasonCode != DeactivationReasonCode.ShuttingDown))
        {
            _waitingDirty = false;
            await _writer.WriteAsync();
        }
    }

    public async ValueTask<EnqueueResult> EnqueueAsync(WaitingEntry entry)
    {
        var definition = await GetDefinitionAsync();
        if (_waiting.Contains(entry.InteractionId))
        {
            return Queued(entry.InteractionId, definition);
        }

        if (_inFlight.ContainsKey(entry.InteractionId))
        {
            _enqueuedInFlight[entry.InteractionId] = entry;
            return Queued(entry.InteractionId, definition);
        }

        var now = _clock.Now;
        if (!WorkingCalendar.IsOpen(definition.Hours, now))
        {
            return new EnqueueResult(EnqueueStatus.Closed, null, WorkingCalendar.NextOpening(definition.Hours, now));
        }

        if (_state.State.Staffed.Count == 0)
        {
            return new EnqueueResult(EnqueueStatus.NoOperators, null, null);
        }

        if (definition.MaxSize > 0 && _waiting.Count + _inFlight.Count >= definition.MaxSize)
        {
            return new EnqueueResult(EnqueueStatus.Full, null, null);
        }

        _waiting.Add(entry);
        SaveWaitingSoon();
        RequestMatch();
        return Queued(entry.InteractionId, definition);
    }

    public async ValueTask RequeueAtHeadAsync(WaitingEntry entry)
    {
        _cancelledInFlight.Remove(entry.InteractionId);
        if (_inFlight.ContainsKey(entry.InteractionId))
        {
            _requeuedInFlight[entry.InteractionId] = entry;
            return;
        }

        if (_waiting.Add(entry))
        {
            SaveWaitingSoon();
            RequestMatch();
        }
    }

    public async ValueTask UpdateAsync(WaitingEntry entry)
    {
        if (_inFlight.ContainsKey(entry.InteractionId))
        {
            // A failed offer puts back the new entry.
            _inFlight[entry.InteractionId] = entry;
            return;
        }

        if (_waiting.Remove(entry.InteractionId) is null)
        {
            return;
        }

        _waiting.Add(entry);
        await _writer.WriteAsync();
        RequestMatch();
    }

    public async ValueTask<bool> RemoveAsync(string interactionId)
    {
        if (_inFlight.ContainsKey(interactionId))
        {
            _requeuedInFlight.Remove(interactionId);
            _enqueuedInFlight.Remove(interactionId);
            _cancelledInFlight.Add(interactionId);
            return true;
        }

        if (_waiting.Remove(interactionId) is null)
        {
            return false;
        }

        SaveWaitingSoon();
        return true;
    }

    public async ValueTask<QueuePosition?> GetPositionAsync(string interactionId)
    {
        var definition = await GetDefinitionAsync();
        return _waiting.Contains(interactionId) ? PositionOf(interactionId, definition) : null;
    }

    public ValueTask<QueueStats> GetStatsAsync()
    {
        var now = _clock.Now;
        var longest = _waiting.InOrder.Select(e => now - e.EnqueuedAt).DefaultIfEmpty(TimeSpan.Zero).Max();
        return ValueTask.FromResult(new QueueStats(QueueId, _waiting.Count, longest, _candidates.Count, _inFlight.Count));
    }

    public async ValueTask OperatorAvailableAsync(OperatorCandidate candidate)
    {
        _candidates.Set(candidate);
        if (_state.State.Staffed.Add(candidate.OperatorId))
        {
            await _writer.WriteAsync();
        }

        RequestMatch();
    }

    public async ValueTask OperatorUnavailableAsync(string operatorId, bool signedIn)
    {
        _candidates.Remove(operatorId);
        var changed = signedIn ? _state.State.Staffed.Add(operatorId) : _state.State.Staffed.Remove(operatorId);
        if (changed)
        {
            await _writer.WriteAsync();
        }
    }

    public Task RematchAsync()
    {
        RequestMatch();
        return Task.CompletedTask;
    }

    public async ValueTask<WaitingEntry?> PeekAsync(OperatorCandidate candidate)
    {
        var definition = await GetDefinitionAsync();
        var now = _clock.Now;
        return _waiting.InOrder.FirstOrDefault(entry => Matching.IsEligible(candidate, entry, definition, now));
    }

    public async ValueTask<WaitingEntry?> TakeAsync(string interactionId)
    {
        var entry = _waiting.Remove(interactionId);
        if (entry is not null)
        {
            SaveWaitingSoon();
        }

        return entry;
    }

    private EnqueueResult Queued(string interactionId, QueueDefinition definition) =>
        new(EnqueueStatus.Queued, PositionOf(interactionId, definition), null);

    private QueuePosition PositionOf(string interactionId, QueueDefinition definition)
    {
        var position = _waiting.PositionOf(interactionId);
        var estimate = WaitEstimator.Estimate(position, _candidates.Count, _options.AverageHandlingTime, definition.MaxWait);
        return new QueuePosition(definition.Id, position, _waiting.Count, estimate);
    }

    private async ValueTask<QueueDefinition> GetDefinitionAsync() => (await _directory.GetAsync()).GetQueue(QueueId);

    private void RequestMatch()
    {
        if (_matching)
        {
            _rematch = true;
            return;
        }

        _ = MatchLoopAsync();
    }

    /// <summary>
    /// Offers waiting interactions, best first, to the best eligible candidates. Runs detached on
    /// the activation's scheduler, one pass at a time; a request during a pass triggers another.
    /// A pass only picks and starts offers (it does not wait for their answers), so one queue
    /// makes many offers at once: waiting for each operator and interaction in turn made the
    /// round trips of a single queue the ceiling of a whole centre.
    /// </summary>
    private async Task MatchLoopAsync()
    {
        _matching = true;
        try
        {
            QueueDefinition definition;
            do
            {
                _rematch = false;
                definition = await GetDefinitionAsync();
                StartOffers(definition);
            }
            while (_rematch);

            _relaxationTimer?.Arm(Matching.NextRelaxation(definition, _waiting.InOrder, _clock.Now));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Matching in queue {QueueId} failed", QueueId);
        }
        finally
        {
            _matching = false;
        }
    }

    /// <summary>
    /// Walks the waiting list in order and gives each entry the best candidate not already being
    /// offered something by this queue, until candidates or the in-flight limit run out.
    /// </summary>
    private void StartOffers(QueueDefinition definition)
    {
        var free = _candidates.Count - _offeringTo.Count(_candidates.Contains);
        var room = _options.OffersInFlightPerQueue - _inFlight.Count;
        if (free <= 0 || room <= 0 || _waiting.Count == 0)
        {
            return;
        }

        var now = _clock.Now;
        var picks = new List<(WaitingEntry Entry, OperatorCandidate Candidate)>();
        foreach (var entry in _waiting.InOrder)
        {
            var best = _candidates.Best(definition, Matching.RequirementsFor(entry, definition, now), _state.State.LastAssignedOperatorId, _offeringTo);
            if (best is null)
            {
                continue;
            }

            picks.Add((entry, best));
            _offeringTo.Add(best.OperatorId);
            if (definition.Strategy == SelectionStrategy.RoundRobin)
            {
                // The next entry goes round from this operator.
                _state.State.LastAssignedOperatorId = best.OperatorId;
            }

            if (--free == 0 || picks.Count == room)
            {
                break;
            }
        }

        foreach (var (entry, candidate) in picks)
        {
            _waiting.Remove(entry.InteractionId);
            _inFlight[entry.InteractionId] = entry;
            _ = OfferAttemptAsync(entry, definition, candidate);
        }
    }

    /// <summary>One offer of one entry to one operator; whatever happens, the entry ends up placed, waiting again or gone.</summary>
    private async Task OfferAttemptAsync(WaitingEntry entry, QueueDefinition definition, OperatorCandidate candidate)
    {
        var placed = false;
        var faulted = false;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!_cancelledInFlight.Contains(entry.InteractionId))
            {
                placed = await OfferToAsync(entry, definition, candidate);
            }
        }
        catch (Exception ex)
        {
            faulted = true;
            _logger.LogWarning(ex, "Offering {InteractionId} to {OperatorId} in queue {QueueId} failed; it waits again", entry.InteractionId, candidate.OperatorId, QueueId);
        }
        finally
        {
            _offeringTo.Remove(candidate.OperatorId);
            _metrics.RoutingDecision(QueueId, Stopwatch.GetElapsedTime(started), placed);
            if (placed)
            {
                _state.State.LastAssignedOperatorId = candidate.OperatorId;
            }

            _inFlight.Remove(entry.InteractionId, out var latest);
            var cancelled = _cancelledInFlight.Remove(entry.InteractionId);
            var enqueuedAgain = _enqueuedInFlight.Remove(entry.InteractionId, out var again);
            if (_requeuedInFlight.Remove(entry.InteractionId, out var requeued))
            {
                _waiting.Add(requeued);
            }
            else if (!placed && !cancelled)
            {
                _waiting.Add(latest ?? entry);
            }
            else if (!placed && enqueuedAgain)
            {
                _waiting.Add(again!);
            }

            SaveWaitingSoon();

            // The operator (and, when refused, the entry) is free for the next pass. After a fault
            // the entry waits for the next change instead, so a broken interaction cannot spin.
            if (!faulted)
            {
                RequestMatch();
            }
        }
    }

    /// <summary>Reserves the operator, then tells the interaction; true when the offer stands.</summary>
    private async Task<bool> OfferToAsync(WaitingEntry entry, QueueDefinition definition, OperatorCandidate candidate)
    {
        var operatorId = candidate.OperatorId;
        var now = _clock.Now;
        var offer = new OfferInfo(entry.InteractionId, QueueId, entry.Channel, entry.RegionId, entry.Language, entry.TopicId, now, now + definition.OfferTimeout);
        var operatorGrain = GrainFactory.Grain<IOperatorGrain>(operatorId);
        if (!await TryReserveAsync(operatorGrain, offer))
        {
            // The operator got busy or left; it announces itself again when it can take work.
            _candidates.Remove(operatorId);
            return false;
        }

        TakeOneSlot(candidate, entry.Channel);

        var accepted = await GrainFactory.Grain<IInteractionGrain>(entry.InteractionId).OfferAsync(operatorId, QueueId, offer.ExpiresAt);
        if (!accepted)
        {
            await operatorGrain.WithdrawOfferAsync(entry.InteractionId, missed: false);
            _cancelledInFlight.Add(entry.InteractionId);
        }

        return accepted;
    }

    /// <summary>
    /// The operator holds one more offer now; until it announces itself again, count it here, so
    /// the next pass does not spend a refused reservation on a full operator.
    /// </summary>
    private void TakeOneSlot(OperatorCandidate candidate, Channel channel)
    {
        if (!_candidates.TryGet(candidate.OperatorId, out var current) || !ReferenceEquals(current, candidate))
        {
            return; // It announced itself meanwhile: that view is newer.
        }

        var free = new Dictionary<Channel, int>(candidate.FreeCapacity) { [channel] = candidate.FreeCapacity.GetValueOrDefault(channel) - 1 };
        if (free.Values.Any(slots => slots > 0))
        {
            _candidates.Set(candidate with { FreeCapacity = free, ActiveCount = candidate.ActiveCount + 1 });
        }
        else
        {
            _candidates.Remove(candidate.OperatorId);
        }
    }

    private async Task<bool> TryReserveAsync(IOperatorGrain operatorGrain, OfferInfo offer)
    {
        try
        {
            return await operatorGrain.TryReserveAsync(offer);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Operator {OperatorId} could not answer a reservation for {InteractionId}", operatorGrain.GetPrimaryKeyString(), offer.InteractionId);
            return false;
        }
    }

    /// <summary>
    /// The waiting list is saved a moment after it changes, not on every change: with thousands
    /// waiting, writing the whole list per enqueue, take and offer made storage the queue's
    /// ceiling. Nothing is lost by the delay: each waiting interaction's own state says it is
    /// queued here, and its durable backstop reminder puts it back (in its original place) into a
    /// queue that came back without it; entries saved but already taken are dropped when their
    /// offer is refused. Who is signed in (Staffed) is still written at once.
    /// </summary>
    private void SaveWaitingSoon()
    {
        // Every change of the waiting list comes through here.
        _metrics.QueueDepth(QueueId, _waiting.Count);
        _loadReport?.Request();
        if (_options.QueueSaveDelay <= TimeSpan.Zero)
        {
            _ = SaveWaitingNowAsync();
            return;
        }

        _waitingDirty = true;
        if (_saveScheduled)
        {
            return;
        }

        _saveScheduled = true;
        // A grain timer, not Task.Delay: it dies with the activation (which saves on its way out).
        _saveTimer?.Dispose();
        _saveTimer = this.RegisterGrainTimer(
            SaveWaitingLaterAsync, new GrainTimerCreationOptions(_options.QueueSaveDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task SaveWaitingLaterAsync()
    {
        _saveScheduled = false;
        if (_waitingDirty)
        {
            _waitingDirty = false;
            await SaveWaitingNowAsync();
        }
    }

    private async Task SaveWaitingNowAsync()
    {
        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception ex)
        {
            // The next change saves again; the interactions' backstops cover the gap.
            _waitingDirty = true;
            _logger.LogWarning(ex, "Queue {QueueId} could not save its waiting list", QueueId);
        }
    }

    /// <summary>Tells the organisation's presence board how many wait here, at most once per Presence:UpdateInterval.</summary>
    private async Task ReportLoadAsync()
    {
        var definition = await GetDefinitionAsync();
        var oldest = _waiting.InOrder.Select(e => (DateTimeOffset?)e.EnqueuedAt).Min();
        await GrainFactory.Grain<IPresenceBoardGrain>(definition.OrganisationId).QueueLoadChangedAsync(new QueueLoad(QueueId, _waiting.Count, oldest));
    }

    private Task WriteStateAsync()
    {
        // Entries being offered are saved as waiting: after a crash they are offered again.
        _state.State.Waiting = [.. _waiting.InOrder, .. _inFlight.Values];
        return _state.WriteStateAsync();
    }
}
