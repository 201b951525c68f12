using ContactCenter.Citizens;
using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Interactions;

[GenerateSerializer]
public sealed class InteractionRecord
{
    [Id(0)]
    public Registration? Registration { get; set; }

    [Id(1)]
    public InteractionState State { get; set; }

    [Id(2)]
    public InteractionOutcome Outcome { get; set; }

    [Id(3)]
    public string? OrganisationId { get; set; }

    [Id(4)]
    public string? QueueId { get; set; }

    [Id(5)]
    public int Priority { get; set; }

    [Id(6)]
    public string? OperatorId { get; set; }

    [Id(7)]
    public DateTimeOffset? OfferExpiresAt { get; set; }

    [Id(8)]
    public string? CitizenCardId { get; set; }

    [Id(9)]
    public DateTimeOffset RegisteredAt { get; set; }

    [Id(10)]
    public DateTimeOffset EnqueuedAt { get; set; }

    [Id(11)]
    public List<string> DeclinedBy { get; set; } = [];

    [Id(12)]
    public DateTimeOffset? ConnectedAt { get; set; }

    [Id(13)]
    public DateTimeOffset? ClosedAt { get; set; }

    [Id(14)]
    public Completion? Completion { get; set; }

    [Id(15)]
    public List<TimelineEntry> Timeline { get; set; } = [];

    [Id(16)]
    public UnansweredReason UnansweredReason { get; set; }

    [Id(17)]
    public DateTimeOffset? QueueOpensAt { get; set; }

    /// <summary>The queue's maximum wait, counted from the first arrival; past it the interaction is unanswered.</summary>
    [Id(18)]
    public DateTimeOffset? WaitUntil { get; set; }

    /// <summary>When the next "move to another queue" overflow step is due, and where it goes.</summary>
    [Id(19)]
    public DateTimeOffset? OverflowAt { get; set; }

    [Id(20)]
    public string? OverflowQueueId { get; set; }

    [Id(21)]
    public List<ServiceInterruption> Interruptions { get; set; } = [];

    /// <summary>The queue grain it waits in: <see cref="QueueId"/>, or one of its region partitions.</summary>
    [Id(22)]
    public string? QueueKey { get; set; }

    [Id(23)]
    public List<TransferRecord> Transfers { get; set; } = [];

    /// <summary>While connected: when the conversation ends for citizen inactivity unless someone speaks or writes.</summary>
    [Id(24)]
    public DateTimeOffset? InactivityDeadline { get; set; }

    [Id(25)]
    public ConversationEnd EndReason { get; set; }

    [Id(26)]
    public DateTimeOffset? WrapUpStartedAt { get; set; }

    [Id(27)]
    public DateTimeOffset? WrapUpDeadline { get; set; }

    [Id(28)]
    public TimeSpan? WrapUpDuration { get; set; }

    /// <summary>How far the citizen is identified on this interaction, by the latest attempt that reached a level.</summary>
    [Id(50)]
    public IdentificationLevel Identification { get; set; }

    [Id(51)]
    public List<IdentificationAttempt> IdentificationAttempts { get; set; } = [];
}

public sealed class InteractionGrain(
    [PersistentState("interaction", StorageNames.Interactions)] IPersistentState<InteractionRecord> state,
    DirectoryCache directory,
    DomainClock clock,
    IOptions<RoutingOptions> options,
    IOptions<TimeLimitsOptions> timeLimits,
    ILogger<InteractionGrain> logger)
    : Grain, IInteractionGrain, IRemindable
{
    /// <summary>
    /// Deadlines run on in-memory timers; this durable reminder wakes the interaction if the silo
    /// holding it dies while it has a deadline (waiting, offered, transferring, connected, in
    /// wrap-up), so its deadlines still fire and a queue that lost it gets it back.
    /// </summary>
    private const string BackstopReminder = "deadline-backstop";

    private const string Gateway = "gateway";
    private const string Robot = "robot";
    private const string System = "system";
    private const string Citizen = "citizen";

    private DeadlineTimer? _deadline;
    private IGrainReminder? _backstop;
    private bool _backstopKnown;

    private string Id => this.GetPrimaryKeyString();

    private InteractionRecord R => state.State;

    // Records written before queues had partitions wait in the grain named after the queue.
    private string? QueueKey => R.QueueKey ?? R.QueueId;

    private IQueueGrain Queue => GrainFactory.GetGrain<IQueueGrain>(QueueKey!);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var self = this.AsReference<IInteractionGrain>();
        _deadline = new DeadlineTimer(clock, () => self.HandleDueDeadlinesAsync());
        _deadline.Arm(NextDeadline());
        // A new interaction cannot have a reminder yet: no lookup needed before the first one.
        _backstopKnown = R.Registration is null;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deadline?.Dispose();
        return Task.CompletedTask;
    }

    public async ValueTask<InteractionView> RegisterAsync(Registration registration)
    {
        if (R.Registration is { } existing)
        {
            return RegistrationComparer.Same(existing, registration)
                ? View()
                : throw new ContactCenterException(ErrorKind.AlreadyExists, $"interaction '{Id}' is already registered with other details");
        }

        var index = await directory.GetAsync();
        _ = index.FindRegion(registration.RegionId)
            ?? throw ContactCenterException.NotFound($"region '{registration.RegionId}' is not in the directory");
        if (registration.OrganisationId is { Length: > 0 } named && index.FindOrganisation(named) is null)
        {
            throw ContactCenterException.NotFound($"organisation '{named}' is not in the directory");
        }

        var now = clock.Now;
        R.Registration = registration;
        R.RegisteredAt = now;
        Record(TimelineKind.Registered, Gateway, $"{registration.Channel} from {registration.CallerNumber}, region {registration.RegionId}, language {registration.Language}");
        if (registration.RobotTranscript.Count > 0 || registration.RobotDuration > TimeSpan.Zero)
        {
            Record(TimelineKind.RobotDialogue, Robot, $"{registration.RobotTranscript.Count} line(s) over {registration.RobotDuration}");
        }

        R.CitizenCardId = await AttachCitizenCardAsync(registration, now);
        R.OrganisationId = index.ResponsibleOrganisation(registration.OrganisationId, registration.TopicId);
        var queue = R.OrganisationId is null
            ? null
            : index.SelectQueue(R.OrganisationId, Line.First, registration.Channel, registration.RegionId, registration.Language);
        if (R.OrganisationId is not null)
        {
            R.Interruptions = [.. index.ActiveInterruptions(R.OrganisationId, queue?.Id, now)];
        }

        if (queue is null)
        {
            await CloseUnansweredAsync(UnansweredReason.NotRoutable, $"no 1st-line queue of '{R.OrganisationId}' takes {registration.Channel} in {registration.RegionId} ({registration.Language})");
            return View();
        }

        R.Priority = queue.Priority;
        R.EnqueuedAt = now;
        await EnterQueueAsync(queue);
        return View();
    }

    public ValueTask<InteractionView> GetAsync()
    {
        EnsureRegistered();
        return ValueTask.FromResult(View());
    }

    public async ValueTask<QueuePosition?> GetPositionAsync()
    {
        EnsureRegistered();
        return R.State == InteractionState.Queued ? await Queue.GetPositionAsync(Id) : null;
    }

    public async ValueTask<bool> OfferAsync(string operatorId, string queueId, DateTimeOffset expiresAt)
    {
        // Only the queue grain it waits in may offer it: after an overflow move the old queue's offer is stale.
        if (R.State != InteractionState.Queued || QueueKey != queueId)
        {
            return false;
        }

        R.OperatorId = operatorId;
        R.OfferExpiresAt = expiresAt;
        MoveTo(InteractionState.Offered, TimelineKind.Offered, System, $"to operator {operatorId} from {queueId}, until {expiresAt:O}");
        await state.WriteStateAsync();
        await ArmDeadlinesAsync();
        return true;
    }

    public async ValueTask<InteractionView> AcceptAsync(string operatorId)
    {
        EnsureOfferedTo(operatorId);
        await GrainFactory.GetGrain<IOperatorGrain>(operatorId).ConfirmAssignmentAsync(Id);
        var now = clock.Now;
        R.OfferExpiresAt = null;
        R.ConnectedAt ??= now;
        R.InactivityDeadline = now + timeLimits.Value.InactivityLimit(R.Registration!.Channel);
        string? detail = null;
        if (PendingTransfer() is { } transfer)
        {
            var over = now > transfer.Deadline ? now - transfer.Deadline : (TimeSpan?)null;
            R.Transfers[^1] = transfer with { ConnectedAt = now, ConnectedOperatorId = operatorId, ExceededBy = over };
            detail = over is { } late ? $"transfer connected {late} past its limit" : $"transfer connected after {now - transfer.RequestedAt}";
        }

        MoveTo(InteractionState.Connected, TimelineKind.Connected, OperatorActor(operatorId), detail);
        await state.WriteStateAsync();
        await ArmDeadlinesAsync();
        return View();
    }

    public async ValueTask<InteractionView> DeclineAsync(string operatorId)
    {
        EnsureOfferedTo(operatorId);
        await GrainFactory.GetGrain<IOperatorGrain>(operatorId).WithdrawOfferAsync(Id, missed: false);
        R.DeclinedBy.Add(operatorId);
        await RequeueAsync(TimelineKind.OfferDeclined, OperatorActor(operatorId), null);
        return View();
    }

    public async ValueTask<InteractionView> CompleteAsync(string operatorId, Completion completion)
    {
        EnsureRegistered();
        if (R.State is not (InteractionState.Connected or InteractionState.WrapUp) || R.OperatorId != operatorId)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not being handled by operator '{operatorId}' (it is {R.State})");
        }

        if (completion.Topics.Count == 0 || completion.Topics.Any(string.IsNullOrWhiteSpace))
        {
            throw ContactCenterException.Invalid("a completed interaction needs at least one topic, and no empty topic");
        }

        if (string.IsNullOrWhiteSpace(completion.Answer))
        {
            throw ContactCenterException.Invalid("a completed interaction needs the answer given to the citizen");
        }

        var actor = OperatorActor(operatorId);
        if (R.State == InteractionState.Connected)
        {
            // Completing mid-conversation ends it: a wrap-up of no length, so the operator never shows After-call work.
            await BeginWrapUpAsync(ConversationEnd.ByOperator, TimelineKind.ConversationEnded, actor, null);
        }

        R.Completion = completion;
        Record(TimelineKind.Completed, actor, string.Join("; ", completion.Topics));
        await FinishWrapUpAsync(actor, null);
        return View();
    }

    public async ValueTask<InteractionView> EndByCitizenAsync(CitizenEnding ending)
    {
        EnsureRegistered();
        var how = ending == CitizenEnding.StopMessage ? "stop message" : "hang-up";
        var reason = ending == CitizenEnding.StopMessage ? ConversationEnd.CitizenStopped : ConversationEnd.CitizenHungUp;
        switch (R.State)
        {
            case InteractionState.Queued:
                await Queue.RemoveAsync(Id);
                Record(TimelineKind.CitizenEnded, Citizen, $"{how} before being connected");
                await CloseBeforeConnectedAsync(reason);
                break;
            case InteractionState.Offered:
                await GrainFactory.GetGrain<IOperatorGrain>(R.OperatorId!).WithdrawOfferAsync(Id, missed: false);
                Record(TimelineKind.CitizenEnded, Citizen, $"{how} while being offered");
                await CloseBeforeConnectedAsync(reason);
                break;
            case InteractionState.Connected:
                // The operator still completes the card; the interaction waits in wrap-up for that.
                await EnterWrapUpAsync(reason, TimelineKind.CitizenEnded, Citizen, how);
                break;
        }

        return View();
    }

    public async ValueTask<InteractionView> CitizenActivityAsync()
    {
        EnsureRegistered();
        if (R.State is InteractionState.WrapUp or InteractionState.Closed)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' has ended (it is {R.State}); the citizen's activity cannot reach it");
        }

        // Before an operator connects there is no silence to measure.
        if (R.State == InteractionState.Connected)
        {
            await RestartInactivityAsync();
        }

        return View();
    }

    public async ValueTask<InteractionView> OperatorActivityAsync(string operatorId)
    {
        EnsureConnectedTo(operatorId);
        await RestartInactivityAsync();
        return View();
    }

    public async ValueTask<InteractionView> EndConversationAsync(string operatorId)
    {
        EnsureConnectedTo(operatorId);
        await EnterWrapUpAsync(ConversationEnd.ByOperator, TimelineKind.ConversationEnded, OperatorActor(operatorId), null);
        return View();
    }

    public async ValueTask<InteractionView> TransferAsync(string operatorId, TransferRequest request)
    {
        EnsureConnectedTo(operatorId);
        if (string.IsNullOrWhiteSpace(request.Target))
        {
            throw ContactCenterException.Invalid($"a {request.Kind} transfer needs a target");
        }

        InteractionTransitions.EnsureLegal(Id, R.State, InteractionState.Transferring);
        var index = await directory.GetAsync();
        var registration = R.Registration!;
        var now = clock.Now;

        // Nothing changes until the target has taken it, so a refused transfer leaves the citizen with the operator.
        // It is never offered back to the operator who handed it on.
        List<string> declined = [.. R.DeclinedBy.Append(operatorId).Distinct()];
        if (request.Kind == TransferKind.Operator)
        {
            var target = index.FindOperator(request.Target)
                ?? throw ContactCenterException.NotFound($"operator '{request.Target}' is not in the directory");
            if (target.Id == operatorId)
            {
                throw ContactCenterException.Invalid("an operator cannot transfer an interaction to themselves");
            }

            // A declined or missed offer waits in the queue the interaction came from.
            var queue = index.GetQueue(QueueKey!);
            var offer = new OfferInfo(Id, QueueKey!, registration.Channel, registration.RegionId, registration.Language, registration.TopicId, now, now + queue.OfferTimeout);
            if (!await GrainFactory.GetGrain<IOperatorGrain>(target.Id).TryReserveAsync(offer))
            {
                throw ContactCenterException.Precondition($"operator '{target.Id}' cannot take a {registration.Channel} interaction now (not available or at capacity)");
            }

            BeginTransfer(request, operatorId, queue.Id, now, declined);
            R.EnqueuedAt = now;
            ScheduleQueueDeadlines(queue);
            R.OperatorId = target.Id;
            R.OfferExpiresAt = offer.ExpiresAt;
            MoveTo(InteractionState.Offered, TimelineKind.Offered, System, $"to operator {target.Id}, until {offer.ExpiresAt:O}");
        }
        else
        {
            var queue = TransferQueue(index, request, registration);
            var key = queue.GrainKeyFor(registration.RegionId);
            var entry = new WaitingEntry(Id, registration.Channel, registration.RegionId, registration.Language, registration.TopicId, queue.Priority, now, declined);
            var result = await GrainFactory.GetGrain<IQueueGrain>(key).EnqueueAsync(entry);
            if (result.Status != EnqueueStatus.Queued)
            {
                throw ContactCenterException.Precondition($"queue '{queue.Id}' cannot take the transfer now ({result.Status})");
            }

            BeginTransfer(request, operatorId, queue.Id, now, declined);
            R.OrganisationId = queue.OrganisationId;
            R.QueueId = queue.Id;
            R.QueueKey = key;
            R.Priority = queue.Priority;
            R.EnqueuedAt = now;
            ScheduleQueueDeadlines(queue);
            R.OperatorId = null;
            MoveTo(InteractionState.Queued, TimelineKind.Queued, System, queue.Id);
        }

        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IOperatorGrain>(operatorId).ReleaseAsync(Id);
        await ArmDeadlinesAsync();
        return View();
    }

    public async Task OperatorLeftAsync(string operatorId)
    {
        if (R.State == InteractionState.Offered && R.OperatorId == operatorId)
        {
            await RequeueAsync(TimelineKind.OfferWithdrawn, OperatorActor(operatorId), "the operator signed out");
        }
    }

    public async Task HandleDueDeadlinesAsync()
    {
        var now = clock.Now;
        if (R.State == InteractionState.Offered && R.OfferExpiresAt is { } expires && now >= expires)
        {
            var operatorId = R.OperatorId!;
            logger.LogInformation("Offer of {InteractionId} to {OperatorId} expired", Id, operatorId);
            await GrainFactory.GetGrain<IOperatorGrain>(operatorId).WithdrawOfferAsync(Id, missed: true);
            await RequeueAsync(TimelineKind.OfferExpired, System, $"operator {operatorId} did not answer");
        }

        if (TransferDeadline() is { } transferDeadline && now >= transferDeadline)
        {
            await TransferBreachedAsync(now);
        }

        if (R.State == InteractionState.Queued && R.WaitUntil is { } waitUntil && now >= waitUntil)
        {
            await Queue.RemoveAsync(Id);
            await CloseUnansweredAsync(UnansweredReason.MaxWaitExceeded, $"waited {now - R.EnqueuedAt} in {R.QueueId}");
        }

        if (R.State == InteractionState.Queued && R.OverflowAt is { } overflowAt && now >= overflowAt)
        {
            await OverflowAsync();
        }

        if (R.State == InteractionState.Connected && R.InactivityDeadline is { } silentUntil && now >= silentUntil)
        {
            logger.LogInformation("Interaction {InteractionId} ends for citizen inactivity", Id);
            var limit = timeLimits.Value.InactivityLimit(R.Registration!.Channel);
            await EnterWrapUpAsync(ConversationEnd.CitizenInactive, TimelineKind.ConversationEnded, System, $"citizen inactive: silent since {silentUntil - limit:O} ({limit} limit)");
        }

        if (R.State == InteractionState.WrapUp && R.WrapUpDeadline is { } wrapUpEnds && now >= wrapUpEnds)
        {
            await FinishWrapUpAsync(System, "wrap-up limit reached");
        }

        await ArmDeadlinesAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != BackstopReminder)
        {
            return;
        }

        if (R.State == InteractionState.Queued)
        {
            // Idempotent: a queue that still holds it (or is offering it) ignores this.
            await Queue.RequeueAtHeadAsync(Entry());
        }

        await HandleDueDeadlinesAsync();
    }

    /// <summary>Arms the in-memory timer for the next deadline and keeps the durable backstop in step.</summary>
    private async Task ArmDeadlinesAsync()
    {
        _deadline?.Arm(NextDeadline());
        var wanted = R.State is InteractionState.Queued or InteractionState.Offered || NextDeadline() is not null;
        if (_backstopKnown && wanted == (_backstop is not null))
        {
            return;
        }

        if (wanted)
        {
            var period = options.Value.DeadlineBackstopPeriod;
            _backstop = await this.RegisterOrUpdateReminder(BackstopReminder, period, period);
        }
        else if ((_backstopKnown ? _backstop : await this.GetReminder(BackstopReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _backstop = null;
        }

        _backstopKnown = true;
    }

    /// <summary>Offers the queue this interaction; closes it unanswered when the queue cannot take it.</summary>
    private async Task EnterQueueAsync(QueueDefinition queue)
    {
        R.QueueId = queue.Id;
        R.QueueKey = queue.GrainKeyFor(R.Registration!.RegionId);
        var result = await Queue.EnqueueAsync(Entry());
        switch (result.Status)
        {
            case EnqueueStatus.Queued:
                ScheduleQueueDeadlines(queue);
                MoveTo(InteractionState.Queued, TimelineKind.Queued, System, queue.Id);
                await state.WriteStateAsync();
                await ArmDeadlinesAsync();
                break;
            case EnqueueStatus.Closed:
                R.QueueOpensAt = result.OpensAt;
                await CloseUnansweredAsync(UnansweredReason.QueueClosed, result.OpensAt is { } opens ? $"{queue.Id} opens at {opens:O}" : $"{queue.Id} has no opening hours ahead");
                break;
            case EnqueueStatus.NoOperators:
                await CloseUnansweredAsync(UnansweredReason.NoOperators, $"no operator of {queue.Id} is signed in");
                break;
            case EnqueueStatus.Full:
                await CloseUnansweredAsync(UnansweredReason.QueueFull, $"{queue.Id} holds its maximum of {queue.MaxSize}");
                break;
        }
    }

    private void ScheduleQueueDeadlines(QueueDefinition queue)
    {
        R.WaitUntil = R.EnqueuedAt + queue.MaxWait;
        var move = queue.OverflowSteps
            .Where(step => step.Kind == OverflowKind.MoveToQueue && step.TargetQueueId is not null)
            .OrderBy(step => step.After)
            .FirstOrDefault();
        R.OverflowAt = move is null ? null : R.EnqueuedAt + move.After;
        R.OverflowQueueId = move?.TargetQueueId;
    }

    /// <summary>Moves to the overflow queue, keeping the original arrival time; stays put when it cannot.</summary>
    private async Task OverflowAsync()
    {
        var from = R.QueueId!;
        var fromQueue = Queue;
        var targetId = R.OverflowQueueId!;
        R.OverflowAt = null;
        var target = (await directory.GetAsync()).FindQueue(targetId);
        if (target is null || !await fromQueue.RemoveAsync(Id))
        {
            await state.WriteStateAsync();
            return;
        }

        var targetKey = target.GrainKeyFor(R.Registration!.RegionId);
        var result = await GrainFactory.GetGrain<IQueueGrain>(targetKey).EnqueueAsync(Entry());
        if (result.Status != EnqueueStatus.Queued)
        {
            Record(TimelineKind.Overflowed, System, $"{targetId} refused ({result.Status}); stays in {from}");
            await fromQueue.RequeueAtHeadAsync(Entry());
            await state.WriteStateAsync();
            return;
        }

        R.QueueId = target.Id;
        R.QueueKey = targetKey;
        R.Priority = Math.Max(R.Priority, target.Priority);
        ScheduleQueueDeadlines(target);
        R.OverflowAt = R.OverflowAt > clock.Now ? R.OverflowAt : null;
        Record(TimelineKind.Overflowed, System, $"from {from} to {targetId}");
        await state.WriteStateAsync();
    }

    private async Task RequeueAsync(TimelineKind kind, string actor, string? detail)
    {
        R.OperatorId = null;
        R.OfferExpiresAt = null;
        MoveTo(InteractionState.Queued, kind, actor, detail);
        await state.WriteStateAsync();
        await Queue.RequeueAtHeadAsync(Entry());
        await ArmDeadlinesAsync();
    }

    private void BeginTransfer(TransferRequest request, string operatorId, string queueId, DateTimeOffset now, List<string> declined)
    {
        var deadline = now + timeLimits.Value.TransferTimeout;
        R.DeclinedBy = declined;
        R.InactivityDeadline = null;
        R.Transfers.Add(new TransferRecord(request.Kind, request.Target, operatorId, queueId, now, deadline));
        MoveTo(InteractionState.Transferring, TimelineKind.TransferRequested, OperatorActor(operatorId), $"{request.Kind} to {request.Target}, to connect by {deadline:O}");
    }

    private static QueueDefinition TransferQueue(DirectoryIndex index, TransferRequest request, Registration registration)
    {
        if (request.Kind == TransferKind.Queue)
        {
            var queue = index.FindQueue(request.Target)
                ?? throw ContactCenterException.NotFound($"queue '{request.Target}' is not in the directory");
            return queue.Channels.Contains(registration.Channel)
                ? queue
                : throw ContactCenterException.Precondition($"queue '{queue.Id}' does not take {registration.Channel}");
        }

        _ = index.FindOrganisation(request.Target)
            ?? throw ContactCenterException.NotFound($"organisation '{request.Target}' is not in the directory");
        var line = request.Kind == TransferKind.SecondLine ? Line.Second : Line.First;
        return index.SelectQueue(request.Target, line, registration.Channel, registration.RegionId, registration.Language)
            ?? throw ContactCenterException.Precondition(
                $"no {line} line queue of '{request.Target}' takes {registration.Channel} in {registration.RegionId} ({registration.Language})");
    }

    /// <summary>Records the breach once, then applies the fallback of the queue the transfer went to.</summary>
    private async Task TransferBreachedAsync(DateTimeOffset now)
    {
        var transfer = R.Transfers[^1];
        var fallback = (await directory.GetAsync()).FindQueue(R.QueueKey!)?.TransferFallback ?? TransferFallback.RaisePriority;
        var over = now - transfer.Deadline;
        R.Transfers[^1] = transfer with { BreachedAt = now, ExceededBy = over, Fallback = fallback };
        logger.LogWarning("Transfer of {InteractionId} to {Target} did not connect by {Deadline}; fallback {Fallback}", Id, transfer.Target, transfer.Deadline, fallback);
        Record(TimelineKind.TransferBreached, System, $"not connected within {transfer.Deadline - transfer.RequestedAt}, {over} over; {fallback}");
        if (fallback == TransferFallback.Callback)
        {
            if (R.State == InteractionState.Queued)
            {
                await Queue.RemoveAsync(Id);
            }
            else
            {
                await GrainFactory.GetGrain<IOperatorGrain>(R.OperatorId!).WithdrawOfferAsync(Id, missed: false);
                R.OperatorId = null;
            }

            Record(TimelineKind.CallbackRequested, System, $"call back {R.Registration!.CallerNumber}");
            await CloseAsync(InteractionOutcome.CallbackRequested, System);
            return;
        }

        // An offer in progress keeps going; should it fail, the requeue carries the raised priority.
        R.Priority += timeLimits.Value.BreachedTransferPriorityBoost;
        await state.WriteStateAsync();
        if (R.State == InteractionState.Queued)
        {
            await Queue.UpdateAsync(Entry());
        }
    }

    private async Task RestartInactivityAsync()
    {
        R.InactivityDeadline = clock.Now + timeLimits.Value.InactivityLimit(R.Registration!.Channel);
        await state.WriteStateAsync();
        _deadline?.Arm(NextDeadline());
    }

    /// <summary>Ends the conversation: the operator's capacity stays held for after-call work until wrap-up ends.</summary>
    private async Task EnterWrapUpAsync(ConversationEnd reason, TimelineKind kind, string actor, string? detail)
    {
        await BeginWrapUpAsync(reason, kind, actor, detail);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IOperatorGrain>(R.OperatorId!).StartWrapUpAsync(Id);
        await ArmDeadlinesAsync();
    }

    private async Task BeginWrapUpAsync(ConversationEnd reason, TimelineKind kind, string actor, string? detail)
    {
        var now = clock.Now;
        var queueLimit = R.QueueId is { } queueId ? (await directory.GetAsync()).FindQueue(queueId)?.WrapUpLimit : null;
        R.EndReason = reason;
        R.InactivityDeadline = null;
        R.WrapUpStartedAt = now;
        R.WrapUpDeadline = now + (queueLimit ?? timeLimits.Value.WrapUpLimit);
        Record(kind, actor, detail ?? reason.ToString());
        MoveTo(InteractionState.WrapUp, TimelineKind.WrapUpStarted, actor, $"until {R.WrapUpDeadline:O} at the latest");
    }

    private async Task FinishWrapUpAsync(string actor, string? detail)
    {
        var operatorId = R.OperatorId!;
        R.WrapUpDuration = clock.Now - R.WrapUpStartedAt;
        R.WrapUpDeadline = null;
        Record(TimelineKind.WrapUpEnded, actor, detail ?? $"after {R.WrapUpDuration}");
        await CloseAsync(OutcomeOf(R.EndReason), actor);
        await GrainFactory.GetGrain<IOperatorGrain>(operatorId).ReleaseAsync(Id);
    }

    private static InteractionOutcome OutcomeOf(ConversationEnd reason) => reason switch
    {
        ConversationEnd.CitizenInactive => InteractionOutcome.ClosedForInactivity,
        ConversationEnd.CitizenHungUp or ConversationEnd.CitizenStopped => InteractionOutcome.CitizenEnded,
        _ => InteractionOutcome.Resolved,
    };

    /// <summary>A citizen who leaves before any operator answered is unanswered; one who leaves during a transfer was served.</summary>
    private async Task CloseBeforeConnectedAsync(ConversationEnd reason)
    {
        if (R.ConnectedAt is null)
        {
            await CloseUnansweredAsync(UnansweredReason.CitizenHungUp, null);
            return;
        }

        R.EndReason = reason;
        await CloseAsync(InteractionOutcome.CitizenEnded, Citizen);
    }

    private async Task<string> AttachCitizenCardAsync(Registration registration, DateTimeOffset now)
    {
        var cardId = await GrainFactory.GetGrain<IPhoneIndexGrain>(registration.CallerNumber).GetOrAssignCardIdAsync();
        await GrainFactory.GetGrain<ICitizenCardGrain>(cardId)
            .AttachInteractionAsync(registration.CallerNumber, registration.RegionId, registration.Language, Id, now);
        return cardId;
    }

    private async Task CloseUnansweredAsync(UnansweredReason reason, string? detail)
    {
        R.UnansweredReason = reason;
        Record(TimelineKind.Unanswered, System, detail is null ? reason.ToString() : $"{reason}: {detail}");
        await CloseAsync(InteractionOutcome.Unanswered, System);
    }

    private async Task CloseAsync(InteractionOutcome outcome, string actor)
    {
        R.Outcome = outcome;
        R.ClosedAt = clock.Now;
        R.OfferExpiresAt = null;
        MoveTo(InteractionState.Closed, TimelineKind.Closed, actor, outcome.ToString());
        await state.WriteStateAsync();
        await ArmDeadlinesAsync();
    }

    private void MoveTo(InteractionState target, TimelineKind kind, string actor, string? detail)
    {
        InteractionTransitions.EnsureLegal(Id, R.State, target);
        R.State = target;
        Record(kind, actor, detail);
    }

    private void Record(TimelineKind kind, string actor, string? detail) =>
        R.Timeline.Add(new TimelineEntry(clock.Now, kind, actor, detail));

    private void EnsureRegistered()
    {
        if (R.Registration is null)
        {
            throw ContactCenterException.NotFound($"interaction '{Id}' is not registered");
        }
    }

    private void EnsureOfferedTo(string operatorId)
    {
        EnsureRegistered();
        if (R.State != InteractionState.Offered || R.OperatorId != operatorId)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' has no open offer for operator '{operatorId}' (it is {R.State})");
        }
    }

    private void EnsureConnectedTo(string operatorId)
    {
        EnsureRegistered();
        if (R.State != InteractionState.Connected || R.OperatorId != operatorId)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not in conversation with operator '{operatorId}' (it is {R.State})");
        }
    }

    private TransferRecord? PendingTransfer() => R.Transfers.Count > 0 && R.Transfers[^1].Pending ? R.Transfers[^1] : null;

    /// <summary>Due while a transfer waits for its next operator and has not breached yet.</summary>
    private DateTimeOffset? TransferDeadline() =>
        R.State is InteractionState.Queued or InteractionState.Offered && PendingTransfer() is { BreachedAt: null } transfer ? transfer.Deadline : null;

    private DateTimeOffset? NextDeadline() => R.State switch
    {
        InteractionState.Offered => Earliest(R.OfferExpiresAt, TransferDeadline()),
        InteractionState.Queued => Earliest(Earliest(R.WaitUntil, R.OverflowAt), TransferDeadline()),
        InteractionState.Connected => R.InactivityDeadline,
        InteractionState.WrapUp => R.WrapUpDeadline,
        _ => null,
    };

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private WaitingEntry Entry()
    {
        var registration = R.Registration!;
        return new WaitingEntry(Id, registration.Channel, registration.RegionId, registration.Language, registration.TopicId, R.Priority, R.EnqueuedAt, [.. R.DeclinedBy]);
    }

    private static string OperatorActor(string operatorId) => $"operator:{operatorId}";

    private InteractionView View() => new(
        Id, R.State, R.Outcome, Direction.Inbound, R.Registration!, R.OrganisationId, R.QueueId,
        R.State is InteractionState.Offered or InteractionState.Connected or InteractionState.WrapUp or InteractionState.Closed ? R.OperatorId : null,
        R.CitizenCardId, R.RegisteredAt, R.ConnectedAt, R.ClosedAt, R.Completion, [.. R.Timeline], R.UnansweredReason, R.QueueOpensAt,
        [.. R.Interruptions], [.. R.Transfers], R.EndReason, R.InactivityDeadline, R.WrapUpStartedAt, R.WrapUpDuration)
    {
        Identification = R.Identification,
        IdentificationAttempts = [.. R.IdentificationAttempts],
    };

    // citizens

    /// <summary>Attempts beyond this drop the oldest: the lock-out keeps honest use far below it.</summary>
    private const int MaxRecordedIdentificationAttempts = 50;

    public async ValueTask<InteractionView> RecordIdentificationAsync(string operatorId, IdentificationAttempt attempt)
    {
        EnsureConnectedTo(operatorId);
        if (attempt.Level > IdentificationLevel.None)
        {
            var sameCitizen = attempt.CardId == R.CitizenCardId;
            R.CitizenCardId = attempt.CardId;
            R.Identification = sameCitizen && R.Identification > attempt.Level ? R.Identification : attempt.Level;
        }

        if (R.IdentificationAttempts.Count >= MaxRecordedIdentificationAttempts)
        {
            R.IdentificationAttempts.RemoveAt(0);
        }

        R.IdentificationAttempts.Add(attempt);
        var failed = attempt.Outcome.IsFailure();
        var detail = $"{attempt.Outcome}, level {attempt.Level}";
        if (attempt.LockedUntil is { } until)
        {
            detail += $", locked until {until:O}";
        }
        else if (failed)
        {
            detail += $", {attempt.AttemptsLeft} attempt(s) left";
        }

        Record(failed ? TimelineKind.IdentificationFailed : TimelineKind.CitizenIdentified, OperatorActor(operatorId), detail);
        await state.WriteStateAsync();
        return View();
    }

    public async ValueTask<InteractionView> RecordSecretCodeSetAsync(string operatorId)
    {
        EnsureConnectedTo(operatorId);
        Record(TimelineKind.SecretCodeSet, OperatorActor(operatorId), null);
        await state.WriteStateAsync();
        return View();
    }
}
