using ContactCenter.Citizens;
using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Reporting;
using ContactCenter.Statistics;
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

    [Id(29)]
    public Direction Direction { get; set; } = Direction.Inbound;

    /// <summary>When this interaction is a callback task: its plan (due time, deadline, origin).</summary>
    [Id(30)]
    public CallbackPlan? Task { get; set; }

    /// <summary>The callback task this interaction created, as last reported by it.</summary>
    [Id(31)]
    public CallbackPlan? FollowUp { get; set; }

    /// <summary>A callback task's: when the citizen's request was first registered.</summary>
    [Id(32)]
    public DateTimeOffset? RequestRegisteredAt { get; set; }

    /// <summary>A callback waiting in its queue leaves it when the region's working day ends.</summary>
    [Id(33)]
    public DateTimeOffset? PauseAt { get; set; }

    [Id(34)]
    public DeferRequest? Deferral { get; set; }

    [Id(35)]
    public DateTimeOffset? DeadlineMissedAt { get; set; }

    /// <summary>The operator a supervisor gave this callback task to; only they are offered it.</summary>
    [Id(36)]
    public string? AssignedOperatorId { get; set; }

    /// <summary>The latest lines of the conversation, at most <see cref="CardRules.TranscriptCapacity"/>.</summary>
    [Id(40)]
    public List<TranscriptLine> Transcript { get; set; } = [];

    /// <summary>Every line ever added, including those dropped from <see cref="Transcript"/>.</summary>
    [Id(41)]
    public int TranscriptLineCount { get; set; }

    [Id(42)]
    public List<RecordingReference> Recordings { get; set; } = [];

    [Id(43)]
    public ComplaintReview? ComplaintReview { get; set; }

    /// <summary>How far the citizen is identified on this interaction, by the latest attempt that reached a level.</summary>
    [Id(50)]
    public IdentificationLevel Identification { get; set; }

    [Id(51)]
    public List<IdentificationAttempt> IdentificationAttempts { get; set; } = [];

    // reports
    [Id(70)]
    public SurveyScore? SurveyScore { get; set; }
}

public sealed class InteractionGrain(
    [PersistentState("interaction", StorageNames.Interactions)] IPersistentState<InteractionRecord> state,
    DirectoryCache directory,
    DomainClock clock,
    IOptions<RoutingOptions> options,
    IOptions<TimeLimitsOptions> timeLimits,
    ContactCenterMetrics metrics,
    ILogger<InteractionGrain> logger,
    InteractionReporter reporter,
    LiveFiguresCollector liveFigures)
    : Grain, IInteractionGrain, IRemindable
{
    /// <summary>
    /// The per-interaction durable reminder that earlier versions kept as the backstop. One still
    /// stored is moved to the deadline watch when it first fires (see <see cref="IDeadlineWatchGrain"/>).
    /// </summary>
    private const string LegacyBackstopReminder = "deadline-backstop";

    private const string Gateway = "gateway";
    private const string Robot = "robot";
    private const string System = "system";
    private const string Citizen = "citizen";

    /// <summary>A callback set further ahead than this is a typing mistake, not a plan.</summary>
    private static readonly TimeSpan MaxCallbackAhead = TimeSpan.FromDays(90);

    private const int MaxTransferNoteLength = 2000;

    private DeadlineTimer? _deadline;
    // Whether the deadline watch has this interaction, as far as this activation knows.
    private bool _watched;
    private bool _watchKnown;

    // The callback plan last sent to the origin and the supervisors' list; resent after reactivation.
    private CallbackPlan? _publishedPlan;

    private string Id => this.GetPrimaryKeyString();

    private InteractionRecord R => state.State;

    // Records written before queues had partitions wait in the grain named after the queue.
    private string? QueueKey => R.QueueKey ?? R.QueueId;

    private IQueueGrain Queue => GrainFactory.Grain<IQueueGrain>(QueueKey!);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var self = GrainFactory.Self<IInteractionGrain>(this);
        _deadline = new DeadlineTimer(clock, () => self.HandleDueDeadlinesAsync());
        _deadline.Arm(NextDeadline());
        // A new interaction cannot be watched yet: nothing to forget before the first watch.
        _watchKnown = R.Registration is null;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deadline?.Dispose();
        return Task.CompletedTask;
    }

    public async ValueTask<InteractionView> RegisterAsync(Registration registration) =>
        (await RegisterAndPlaceAsync(registration)).Interaction;

    public async ValueTask<Registered> RegisterAndPlaceAsync(Registration registration)
    {
        if (R.Registration is { } existing)
        {
            if (!RegistrationComparer.Same(existing, registration))
            {
                throw new ContactCenterException(ErrorKind.AlreadyExists, $"interaction '{Id}' is already registered with other details");
            }

            if (R.State != InteractionState.New)
            {
                // A retry: the first attempt may have failed before its card heard of it.
                if (R.CitizenCardId is { } known)
                {
                    await TellCardAsync(Task.FromResult(known));
                }

                return new Registered(View(), await GetPositionAsync());
            }

            // A retry of one that failed before it was placed: it is placed now.
        }

        var index = await directory.GetAsync();
        if (R.Registration is null)
        {
            _ = index.FindRegion(registration.RegionId)
                ?? throw ContactCenterException.NotFound($"region '{registration.RegionId}' is not in the directory");
            if (registration.OrganisationId is { Length: > 0 } named && index.FindOrganisation(named) is null)
            {
                throw ContactCenterException.NotFound($"organisation '{named}' is not in the directory");
            }

            R.Registration = registration;
            R.RegisteredAt = clock.Now;
            Record(TimelineKind.Registered, Gateway, $"{registration.Channel} from {registration.CallerNumber}, region {registration.RegionId}, language {registration.Language}");
            if (registration.RobotTranscript.Count > 0 || registration.RobotDuration > TimeSpan.Zero)
            {
                Record(TimelineKind.RobotDialogue, Robot, $"{registration.RobotTranscript.Count} line(s) over {registration.RobotDuration}");
            }
        }

        // Routing needs nothing from the caller's card, so the contact enters its queue while the
        // number is looked up and the card told: on PostgreSQL the offer then waits for no commit
        // but its operator's, and the card's write shares the interaction's. Nothing is written
        // here before the card id is known; the registration answers once all of it is stored.
        var cardId = GrainFactory.Grain<IPhoneIndexGrain>(registration.CallerNumber).GetOrAssignCardIdAsync().AsTask();
        var cardTold = TellCardAsync(cardId);
        var placing = PlaceAsync(index, registration, cardId);
        await Task.WhenAll(placing, cardTold);
        return await placing;
    }

    private async Task<Registered> PlaceAsync(DirectoryIndex index, Registration registration, Task<string> cardId)
    {
        var now = clock.Now;
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
            R.CitizenCardId = await cardId;
            await CloseUnansweredAsync(UnansweredReason.NotRoutable, $"no 1st-line queue of '{R.OrganisationId}' takes {registration.Channel} in {registration.RegionId} ({registration.Language})");
            return new Registered(View(), null);
        }

        R.Priority = queue.Priority;
        R.EnqueuedAt = now;
        var position = await EnterQueueAsync(queue, cardId);
        return new Registered(View(), R.State == InteractionState.Queued ? position : null);
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
        await GrainFactory.Grain<IOperatorGrain>(operatorId).ConfirmAssignmentAsync(Id);
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
        var wait = now - R.EnqueuedAt;
        var target = (await directory.GetAsync()).FindQueue(R.QueueId!)?.Target ?? ServiceLevelTarget.Regulated;
        TellStatistics(ContactEventKind.Answered, wait: wait, withinTarget: wait <= target.AnswerWithin);
        return View();
    }

    public async ValueTask<InteractionView> DeclineAsync(string operatorId)
    {
        EnsureOfferedTo(operatorId);
        await GrainFactory.Grain<IOperatorGrain>(operatorId).WithdrawOfferAsync(Id, missed: false);
        R.DeclinedBy.Add(operatorId);
        string? detail = null;
        if (R.AssignedOperatorId == operatorId)
        {
            // Kept reserved, a callback its only operator refuses would wait for nobody.
            R.AssignedOperatorId = null;
            detail = "the assigned operator declined; any operator of the queue may take it";
        }

        await RequeueAsync(TimelineKind.OfferDeclined, OperatorActor(operatorId), detail);
        return View();
    }

    public async ValueTask<InteractionView> CompleteAsync(string operatorId, Completion completion)
    {
        EnsureRegistered();
        if (R.State is not (InteractionState.Connected or InteractionState.WrapUp) || R.OperatorId != operatorId)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not being handled by operator '{operatorId}' (it is {R.State})");
        }

        var index = await directory.GetAsync();
        CardRules.EnsureValid(completion, topic => index.FindTopic(topic) is not null);

        var actor = OperatorActor(operatorId);
        if (R.State == InteractionState.Connected)
        {
            // Completing mid-conversation ends it: a wrap-up of no length, so the operator never shows After-call work.
            await BeginWrapUpAsync(ConversationEnd.ByOperator, TimelineKind.ConversationEnded, actor, null);
        }

        R.Completion = completion;
        Record(TimelineKind.Completed, actor, string.Join("; ", completion.Topics));
        if (completion.Complaint is { } complaint)
        {
            Record(TimelineKind.ComplaintRecorded, actor, complaint.Category.ToString());
        }

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
                await GrainFactory.Grain<IOperatorGrain>(R.OperatorId!).WithdrawOfferAsync(Id, missed: false);
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

    public async ValueTask<InteractionView> CitizenActivityAsync(string? text = null)
    {
        EnsureRegistered();
        if (R.State is InteractionState.WrapUp or InteractionState.Closed)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' has ended (it is {R.State}); the citizen's activity cannot reach it");
        }

        var message = CardRules.MessageText(text);
        if (message is not null && R.State != InteractionState.Connected)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not in conversation (it is {R.State}); the citizen's messages are recorded only while an operator is connected");
        }

        // Before an operator connects there is no silence to measure.
        if (R.State == InteractionState.Connected)
        {
            if (message is not null)
            {
                AppendTranscript(Citizen, message);
            }

            await RestartInactivityAsync();
        }

        return View();
    }

    public async ValueTask<InteractionView> OperatorActivityAsync(string operatorId, string? text = null)
    {
        EnsureConnectedTo(operatorId);
        if (CardRules.MessageText(text) is { } message)
        {
            AppendTranscript(OperatorActor(operatorId), message);
        }

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

        if (request.Note?.Length > MaxTransferNoteLength)
        {
            throw ContactCenterException.Invalid($"note: {request.Note.Length} characters, at most {MaxTransferNoteLength}");
        }

        InteractionTransitions.EnsureLegal(Id, R.State, InteractionState.Transferring);
        var index = await directory.GetAsync();
        var left = (R.QueueId!, R.OrganisationId!, operatorId);
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
            if (!await GrainFactory.Grain<IOperatorGrain>(target.Id).TryReserveAsync(offer))
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
            var result = await GrainFactory.Grain<IQueueGrain>(key).EnqueueAsync(entry);
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
        await GrainFactory.Grain<IOperatorGrain>(operatorId).ReleaseAsync(Id);
        await ArmDeadlinesAsync();
        TellStatistics(ContactEventKind.Transferred, from: left);
        TellStatistics(ContactEventKind.Entered);
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
            metrics.OfferTimedOut(QueueKey!);
            await GrainFactory.Grain<IOperatorGrain>(operatorId).WithdrawOfferAsync(Id, missed: true);
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

        if (R.State == InteractionState.Scheduled && now >= R.Task!.DueAt)
        {
            await RouteCallbackAsync(now);
        }

        if (R.State == InteractionState.Queued && R.PauseAt is { } pauseAt && now >= pauseAt)
        {
            await PauseCallbackAsync(now);
        }

        if (CallbackDeadline() is { } deadline && now >= deadline)
        {
            R.DeadlineMissedAt = now;
            logger.LogWarning("Callback {InteractionId} missed its deadline {Deadline}", Id, deadline);
            Record(TimelineKind.DeadlineMissed, System, $"not completed by {deadline:O}");
            await state.WriteStateAsync();
        }

        await ArmDeadlinesAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LegacyBackstopReminder)
        {
            return;
        }

        if (await this.GetReminder(LegacyBackstopReminder) is { } legacy)
        {
            await this.UnregisterReminder(legacy);
        }

        _watchKnown = false;
        await WakeAsync();
    }

    public async Task<bool> WakeAsync()
    {
        if (R.State == InteractionState.Queued)
        {
            // Idempotent: a queue that still holds it (or is offering it) ignores this.
            await Queue.RequeueAtHeadAsync(Entry());
        }

        await HandleDueDeadlinesAsync();
        return WantsWatching();
    }

    public async ValueTask<InteractionView> DeferAsync(string operatorId, DeferRequest request)
    {
        EnsureRegistered();
        if (R.State is not (InteractionState.Connected or InteractionState.WrapUp) || R.OperatorId != operatorId)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not being handled by operator '{operatorId}' (it is {R.State})");
        }

        if (R.FollowUp is { } existing)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' already has callback '{existing.CallbackId}'");
        }

        var now = clock.Now;
        if (request.CallbackAt <= now)
        {
            throw ContactCenterException.Invalid($"callback_at: {request.CallbackAt:O} is not in the future");
        }

        if (request.CallbackAt > now + MaxCallbackAhead)
        {
            throw ContactCenterException.Invalid($"callback_at: {request.CallbackAt:O} is more than {MaxCallbackAhead.TotalDays} days ahead");
        }

        var index = await directory.GetAsync();
        var registration = R.Registration!;
        var handledIn = R.QueueId is { } queueId ? index.FindQueue(queueId) : null;
        if (handledIn?.Line != Line.Second)
        {
            throw ContactCenterException.Precondition($"only a 2nd-line operator defers a request; interaction '{Id}' is handled in {handledIn?.Id ?? "no queue"} ({handledIn?.Line.ToString() ?? "no line"})");
        }

        var callbackQueue = handledIn.Channels.Contains(Channel.Voice)
            ? handledIn
            : index.SelectQueue(handledIn.OrganisationId, Line.Second, Channel.Voice, registration.RegionId, registration.Language)
                ?? throw ContactCenterException.Precondition($"no 2nd-line queue of '{handledIn.OrganisationId}' makes voice calls in {registration.RegionId} ({registration.Language})");

        // A request deferred again keeps the deadline of its first registration.
        var deadline = R.Task?.Deadline ?? WorkingCalendar.AddWorkingTime(
            RegionCalendar(index), R.RequestRegisteredAt ?? R.RegisteredAt, timeLimits.Value.DeferredDeadline);
        var actor = OperatorActor(operatorId);
        await CreateFollowUpAsync(CallbackReason.Deferred, callbackQueue, request.CallbackAt, request.AtCitizensRequest, deadline, request.Note);
        if (R.CitizenCardId is { } cardId)
        {
            // The citizen's card lists open deferred requests until their callback closes.
            await GrainFactory.Grain<ICitizenCardGrain>(cardId).AddDeferredAsync(R.FollowUp!.CallbackId, R.FollowUp.DueAt, deadline);
        }

        R.Deferral = request;
        Record(
            TimelineKind.Deferred,
            actor,
            $"call back at {request.CallbackAt:O}{(request.AtCitizensRequest ? " (the citizen's choice)" : string.Empty)}; to be completed by {deadline:O}");
        if (R.State == InteractionState.Connected)
        {
            await EnterWrapUpAsync(ConversationEnd.ByOperator, TimelineKind.ConversationEnded, actor, "deferred");
        }
        else
        {
            await state.WriteStateAsync();
        }

        return View();
    }

    public async ValueTask<InteractionView> ScheduleCallbackAsync(CallbackOrder order)
    {
        if (R.Registration is not null)
        {
            return R.Task?.OriginId == order.OriginId
                ? View()
                : throw new ContactCenterException(ErrorKind.AlreadyExists, $"interaction '{Id}' exists and is not the callback of '{order.OriginId}'");
        }

        var index = await directory.GetAsync();
        var queue = index.GetQueue(order.QueueId);
        var registration = order.Registration;
        var now = clock.Now;
        R.Direction = Direction.Outbound;
        R.Registration = registration;
        R.RegisteredAt = now;
        R.RequestRegisteredAt = order.RequestRegisteredAt;
        R.OrganisationId = order.OrganisationId;
        R.QueueId = queue.Id;
        R.QueueKey = queue.GrainKeyFor(registration.RegionId);
        R.CitizenCardId = order.CitizenCardId;
        var due = CallbackDue(index, order.CallbackAt, order.AtCitizensRequest, now);
        R.Task = new CallbackPlan(Id, order.OriginId, order.Reason, now, due, order.AtCitizensRequest, order.Deadline, queue.Id, Note: order.Note);
        Record(TimelineKind.Registered, System, $"callback to {registration.CallerNumber} for '{order.OriginId}' ({order.Reason})");
        MoveTo(
            InteractionState.Scheduled,
            TimelineKind.CallbackScheduled,
            System,
            $"due {due:O} in {queue.Id}{(order.Deadline is { } deadline ? $", to be completed by {deadline:O}" : string.Empty)}");
        await state.WriteStateAsync();
        if (order.CitizenCardId is { } cardId)
        {
            await GrainFactory.Grain<ICitizenCardGrain>(cardId)
                .AttachInteractionAsync(registration.CallerNumber, registration.RegionId, registration.Language, Id, now);
        }

        await ArmDeadlinesAsync();
        return View();
    }

    public async ValueTask<InteractionView> AssignCallbackAsync(string operatorId, string assignedBy)
    {
        EnsureRegistered();
        if (R.Direction != Direction.Outbound)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not a callback task");
        }

        if (R.State is not (InteractionState.Scheduled or InteractionState.Queued))
        {
            throw ContactCenterException.Precondition($"callback '{Id}' can no longer be assigned (it is {R.State})");
        }

        var index = await directory.GetAsync();
        var profile = index.FindOperator(operatorId)
            ?? throw ContactCenterException.NotFound($"operator '{operatorId}' is not in the directory");
        if (profile.OrganisationId != R.OrganisationId)
        {
            throw ContactCenterException.Precondition($"operator '{operatorId}' works for '{profile.OrganisationId}', callback '{Id}' belongs to '{R.OrganisationId}'");
        }

        if (R.Task!.Reason == CallbackReason.Deferred && !profile.Lines.Contains(Line.Second))
        {
            throw ContactCenterException.Precondition($"a deferred request goes to a 2nd-line operator; '{operatorId}' is not one");
        }

        if (!index.QueuesServedBy(profile).Contains(R.QueueId!) || profile.Capacity.GetValueOrDefault(Channel.Voice) <= 0)
        {
            throw ContactCenterException.Precondition($"operator '{operatorId}' does not take voice calls of queue '{R.QueueId}'");
        }

        // A queue offering it right now holds it in flight: the assignment waits for that to settle.
        if (R.State == InteractionState.Queued && !await Queue.RemoveAsync(Id))
        {
            throw ContactCenterException.Precondition($"callback '{Id}' is being offered right now; assign it again in a moment");
        }

        R.AssignedOperatorId = operatorId;
        R.DeclinedBy.Remove(operatorId);
        Record(TimelineKind.CallbackAssigned, assignedBy, $"to operator {operatorId}");
        await state.WriteStateAsync();
        if (R.State == InteractionState.Queued)
        {
            await Queue.RequeueAtHeadAsync(Entry());
        }

        await ArmDeadlinesAsync();
        return View();
    }

    public async Task CallbackChangedAsync(CallbackPlan plan)
    {
        if (R.FollowUp is not { } known || known.CallbackId != plan.CallbackId || known == plan)
        {
            return;
        }

        R.FollowUp = plan;
        if (plan.State == InteractionState.Closed && known.State != InteractionState.Closed)
        {
            Record(
                TimelineKind.CallbackClosed,
                System,
                plan.DeadlineMet switch { true => "completed within its deadline", false => "closed past its deadline", null => "closed" });
        }
        else if (plan.DeadlineMet == false && known.DeadlineMet != false)
        {
            Record(TimelineKind.DeadlineMissed, System, $"callback '{plan.CallbackId}' not completed by {plan.Deadline:O}");
        }

        await state.WriteStateAsync();
        await ReportIfClosedAsync();
    }

    /// <summary>Routes a due callback task: into its queue within the region's working hours, or later.</summary>
    private async Task RouteCallbackAsync(DateTimeOffset now)
    {
        var task = R.Task!;
        var index = await directory.GetAsync();
        var calendar = RegionCalendar(index);
        if (!task.AtCitizensRequest && !WorkingCalendar.IsOpen(calendar, now))
        {
            await PostponeCallbackAsync(WorkingCalendar.NextOpening(calendar, now) ?? now + timeLimits.Value.CallbackRetryDelay, "outside the region's working hours");
            return;
        }

        if (index.FindQueue(R.QueueId!) is not { } queue)
        {
            await PostponeCallbackAsync(now + timeLimits.Value.CallbackRetryDelay, $"queue '{R.QueueId}' is not in the directory");
            return;
        }

        R.Priority = queue.Priority + (task.Reason == CallbackReason.Deferred ? timeLimits.Value.DeferredPriorityBoost : 0);
        R.EnqueuedAt = now;
        R.WaitUntil = null;
        R.OverflowAt = null;
        var result = await Queue.EnqueueAsync(Entry());
        switch (result.Status)
        {
            case EnqueueStatus.Queued:
                R.PauseAt = task.AtCitizensRequest ? null : WorkingCalendar.NextClosing(calendar, now);
                MoveTo(InteractionState.Queued, TimelineKind.Queued, System, R.AssignedOperatorId is { } assigned ? $"{queue.Id}, for operator {assigned}" : queue.Id);
                await state.WriteStateAsync();
                break;
            case EnqueueStatus.Closed:
                await PostponeCallbackAsync(result.OpensAt ?? now + timeLimits.Value.CallbackRetryDelay, $"queue '{queue.Id}' is closed");
                break;
            case EnqueueStatus.NoOperators:
                await PostponeCallbackAsync(now + timeLimits.Value.CallbackRetryDelay, $"no operator of '{queue.Id}' is signed in");
                break;
            case EnqueueStatus.Full:
                await PostponeCallbackAsync(now + timeLimits.Value.CallbackRetryDelay, $"queue '{queue.Id}' is full");
                break;
        }
    }

    /// <summary>The region's working day ended while the callback waited: it waits for the next one out of the queue.</summary>
    private async Task PauseCallbackAsync(DateTimeOffset now)
    {
        R.PauseAt = null;
        if (!await Queue.RemoveAsync(Id))
        {
            // Already being offered: the call goes ahead.
            await state.WriteStateAsync();
            return;
        }

        var next = WorkingCalendar.NextOpening(RegionCalendar(await directory.GetAsync()), now) ?? now + timeLimits.Value.CallbackRetryDelay;
        R.Task = R.Task! with { DueAt = next };
        MoveTo(InteractionState.Scheduled, TimelineKind.CallbackPostponed, System, $"the region's working day ended; due {next:O}");
        await state.WriteStateAsync();
    }

    private async Task PostponeCallbackAsync(DateTimeOffset dueAt, string why)
    {
        R.Task = R.Task! with { DueAt = dueAt };

        // A queue nobody staffs for hours would otherwise add an entry every retry.
        if (R.Timeline[^1] is not { Kind: TimelineKind.CallbackPostponed } last || !last.Detail!.StartsWith(why, StringComparison.Ordinal))
        {
            Record(TimelineKind.CallbackPostponed, System, $"{why}; due {dueAt:O}");
        }

        await state.WriteStateAsync();
    }

    /// <summary>Creates the callback task of an interaction that could not be served now; a callback task is not called back again.</summary>
    private async Task ScheduleFollowUpAsync(CallbackReason reason)
    {
        if (R.Direction == Direction.Outbound || R.FollowUp is not null)
        {
            return;
        }

        var index = await directory.GetAsync();
        var registration = R.Registration!;
        var current = R.QueueId is { } queueId ? index.FindQueue(queueId) : null;
        var organisationId = current?.OrganisationId ?? R.OrganisationId ?? index.Snapshot.HostOrganisationId;
        var queue = current is not null && current.Channels.Contains(Channel.Voice)
            ? current
            : organisationId is null
                ? null
                : index.SelectQueue(organisationId, current?.Line ?? Line.First, Channel.Voice, registration.RegionId, registration.Language);
        if (queue is null)
        {
            Record(TimelineKind.CallbackScheduled, System, $"no queue makes voice calls in {registration.RegionId} ({registration.Language}); nobody can call back");
            return;
        }

        await CreateFollowUpAsync(reason, queue, clock.Now, atCitizensRequest: false, deadline: null, note: null);
    }

    private async Task CreateFollowUpAsync(CallbackReason reason, QueueDefinition queue, DateTimeOffset callbackAt, bool atCitizensRequest, DateTimeOffset? deadline, string? note)
    {
        var order = new CallbackOrder(
            Id, reason, R.Registration! with { Channel = Channel.Voice }, queue.OrganisationId, queue.Id, R.CitizenCardId,
            R.RequestRegisteredAt ?? R.RegisteredAt, callbackAt, atCitizensRequest, deadline, note);
        var callback = await GrainFactory.Grain<IInteractionGrain>(CallbackIdOf(Id)).ScheduleCallbackAsync(order);
        R.FollowUp = callback.CallbackTask;
        Record(TimelineKind.CallbackScheduled, System, $"callback '{callback.Id}' due {callback.CallbackTask!.DueAt:O}");
    }

    /// <summary>When a callback is routed: as asked, or not before the region's next working hours.</summary>
    private DateTimeOffset CallbackDue(DirectoryIndex index, DateTimeOffset at, bool atCitizensRequest, DateTimeOffset now)
    {
        var from = at > now ? at : now;
        return atCitizensRequest ? from : WorkingCalendar.NextOpening(RegionCalendar(index), from) ?? from;
    }

    private WorkingHours RegionCalendar(DirectoryIndex index) =>
        (index.FindRegion(R.Registration!.RegionId)
            ?? throw ContactCenterException.NotFound($"region '{R.Registration!.RegionId}' is not in the directory")).WorkingCalendar;

    private CallbackPlan? CurrentPlan() => R.Task is not { } task ? null : task with
    {
        State = R.State,
        ClosedAt = R.ClosedAt,
        AssignedOperatorId = R.AssignedOperatorId,
        DeadlineMet = task.Deadline is not { } deadline ? null
            : R.DeadlineMissedAt is not null ? false
            : R.State != InteractionState.Closed ? null

            // Deferred again, the request is not done: the next callback carries the same deadline.
            : R.Outcome == InteractionOutcome.Deferred ? null
            : R.ClosedAt <= deadline,
    };

    /// <summary>Tells the origin and the supervisors' list what changed; at most once per change, and once after reactivation.</summary>
    private Task PublishCallbackPlanAsync()
    {
        var plan = CurrentPlan();
        if (plan is null || plan == _publishedPlan)
        {
            return Task.CompletedTask;
        }

        _publishedPlan = plan;
        return Task.WhenAll(
            GrainFactory.Grain<IInteractionGrain>(plan.OriginId).CallbackChangedAsync(plan),
            GrainFactory.Grain<ICallbackListGrain>(R.OrganisationId!).UpsertAsync(plan));
    }

    public static string CallbackIdOf(string interactionId) => $"{interactionId}-cb";

    /// <summary>
    /// A fact for the live statistics of the queue (by default the current one), its organisation,
    /// region and operator. Callback tasks are outbound work and stay out of the inbound figures.
    /// </summary>
    private void TellStatistics(
        ContactEventKind kind,
        TimeSpan wait = default,
        bool withinTarget = false,
        TimeSpan talk = default,
        TimeSpan afterCallWork = default,
        ConversationEnd endReason = ConversationEnd.None,
        (string QueueId, string OrganisationId, string OperatorId)? from = null)
    {
        if (R.Direction == Direction.Outbound || (from is null && (R.QueueId is null || R.OrganisationId is null)))
        {
            return;
        }

        var registration = R.Registration!;
        var contactEvent = new ContactEvent(
            kind, clock.Now, from?.QueueId ?? R.QueueId!, from?.OrganisationId ?? R.OrganisationId!, registration.RegionId,
            from?.OperatorId ?? (kind is ContactEventKind.Answered or ContactEventKind.Handled ? R.OperatorId : null),
            registration.Channel, wait, withinTarget, talk, afterCallWork, endReason);
        liveFigures.Record(contactEvent);
    }

    /// <summary>Arms the in-memory timer for the next deadline and keeps the durable backstop in step.</summary>
    private async Task ArmDeadlinesAsync()
    {
        _deadline?.Arm(NextDeadline());
        await PublishCallbackPlanAsync();
        var wanted = WantsWatching();
        if (_watchKnown && wanted == _watched)
        {
            return;
        }

        var watch = GrainFactory.Grain<IDeadlineWatchGrain>(DeadlineWatch.ShardOf(Id, options.Value.DeadlineWatchShards));
        await (wanted ? watch.WatchAsync(Id) : watch.ForgetAsync(Id));
        _watched = wanted;
        _watchKnown = true;
    }

    /// <summary>
    /// Waiting and offered contacts are watched even without a deadline of their own: the watch is
    /// what gives a queue that died before saving its waiting list the contact back.
    /// </summary>
    private bool WantsWatching() => R.State is InteractionState.Queued or InteractionState.Offered || NextDeadline() is not null;

    /// <summary>
    /// Offers the queue this interaction; closes it unanswered when the queue cannot take it.
    /// Returns the place it entered at, when it queued.
    /// </summary>
    /// <param name="cardId">The caller's card, still being looked up: known before anything is written.</param>
    private async Task<QueuePosition?> EnterQueueAsync(QueueDefinition queue, Task<string> cardId)
    {
        R.QueueId = queue.Id;
        R.QueueKey = queue.GrainKeyFor(R.Registration!.RegionId);
        var result = await Queue.EnqueueAsync(Entry());
        R.CitizenCardId = await cardId;
        switch (result.Status)
        {
            case EnqueueStatus.Queued:
                ScheduleQueueDeadlines(queue);
                MoveTo(InteractionState.Queued, TimelineKind.Queued, System, queue.Id);

                // Together, so on PostgreSQL they share a commit. A watch stored without its interaction is
                // harmless: woken, the interaction finds nothing to watch and the watch forgets it.
                await Task.WhenAll(state.WriteStateAsync(), ArmDeadlinesAsync());
                TellStatistics(ContactEventKind.Entered);
                return result.Position;
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

        return null;
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
        var result = await GrainFactory.Grain<IQueueGrain>(targetKey).EnqueueAsync(Entry());
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
        R.Transfers.Add(new TransferRecord(request.Kind, request.Target, operatorId, queueId, now, deadline, Note: request.Note));
        MoveTo(
            InteractionState.Transferring,
            TimelineKind.TransferRequested,
            OperatorActor(operatorId),
            $"{request.Kind} to {request.Target}, to connect by {deadline:O}{(request.Note is { } note ? $": {note}" : string.Empty)}");
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
        TellStatistics(ContactEventKind.TransferBreached);
        if (fallback == TransferFallback.Callback)
        {
            if (R.State == InteractionState.Queued)
            {
                await Queue.RemoveAsync(Id);
            }
            else
            {
                await GrainFactory.Grain<IOperatorGrain>(R.OperatorId!).WithdrawOfferAsync(Id, missed: false);
                R.OperatorId = null;
            }

            Record(TimelineKind.CallbackRequested, System, $"call back {R.Registration!.CallerNumber}");
            await ScheduleFollowUpAsync(CallbackReason.TransferTimedOut);
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
        await GrainFactory.Grain<IOperatorGrain>(R.OperatorId!).StartWrapUpAsync(Id);
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
        var talkFrom = R.Transfers.LastOrDefault(t => t.ConnectedAt is not null)?.ConnectedAt ?? R.ConnectedAt!.Value;
        TellStatistics(ContactEventKind.Handled, talk: R.WrapUpStartedAt!.Value - talkFrom, afterCallWork: R.WrapUpDuration!.Value, endReason: R.EndReason);
        await CloseAsync(R.Deferral is null ? OutcomeOf(R.EndReason) : InteractionOutcome.Deferred, actor);
        await GrainFactory.Grain<IOperatorGrain>(operatorId).ReleaseAsync(Id);
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
        TellStatistics(ContactEventKind.Abandoned, wait: clock.Now - R.EnqueuedAt);
        await CloseAsync(InteractionOutcome.CitizenEnded, Citizen);
    }

    /// <summary>Idempotent: a card that already lists this interaction keeps it once.</summary>
    private async Task TellCardAsync(Task<string> cardId)
    {
        var registration = R.Registration!;
        await GrainFactory.Grain<ICitizenCardGrain>(await cardId)
            .AttachInteractionAsync(registration.CallerNumber, registration.RegionId, registration.Language, Id, R.RegisteredAt);
    }

    private async Task CloseUnansweredAsync(UnansweredReason reason, string? detail)
    {
        R.UnansweredReason = reason;
        if (R.QueueId is not null)
        {
            TellStatistics(
                reason == UnansweredReason.CitizenHungUp ? ContactEventKind.Abandoned : ContactEventKind.Unanswered,
                wait: R.EnqueuedAt == default ? TimeSpan.Zero : clock.Now - R.EnqueuedAt);
        }

        Record(TimelineKind.Unanswered, System, detail is null ? reason.ToString() : $"{reason}: {detail}");

        // Scheduled before the close is written: should this silo die in between, the redo finds the same task.
        await ScheduleFollowUpAsync(CallbackReason.Unanswered);
        await CloseAsync(InteractionOutcome.Unanswered, System);
    }

    private async Task CloseAsync(InteractionOutcome outcome, string actor)
    {
        metrics.Closed(outcome);
        if (R.Task is { Reason: CallbackReason.Deferred } && R.CitizenCardId is { } cardId)
        {
            await GrainFactory.Grain<ICitizenCardGrain>(cardId).RemoveDeferredAsync(Id);
        }

        R.Outcome = outcome;
        R.ClosedAt = clock.Now;
        R.OfferExpiresAt = null;
        MoveTo(InteractionState.Closed, TimelineKind.Closed, actor, outcome.ToString());
        await state.WriteStateAsync();
        await ReportIfClosedAsync();
        await ArmDeadlinesAsync();

        // A closed card is read now and then (a survey score, a recording, a supervisor), not worked
        // on: its activation would hold memory until idle collection, at a centre's rate thousands an hour.
        this.DeactivateOnIdle();
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

    private DateTimeOffset? NextDeadline() => Earliest(CallbackDeadline(), R.State switch
    {
        InteractionState.Offered => Earliest(R.OfferExpiresAt, TransferDeadline()),
        InteractionState.Queued => Earliest(Earliest(R.WaitUntil, R.OverflowAt), Earliest(TransferDeadline(), R.PauseAt)),
        InteractionState.Connected => R.InactivityDeadline,
        InteractionState.WrapUp => R.WrapUpDeadline,
        InteractionState.Scheduled => R.Task!.DueAt,
        _ => null,
    });

    /// <summary>A callback task's completion deadline, until it closes or its miss is recorded.</summary>
    private DateTimeOffset? CallbackDeadline() =>
        R.State != InteractionState.Closed && R.DeadlineMissedAt is null ? R.Task?.Deadline : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private WaitingEntry Entry()
    {
        var registration = R.Registration!;
        return new WaitingEntry(Id, registration.Channel, registration.RegionId, registration.Language, registration.TopicId, R.Priority, R.EnqueuedAt, [.. R.DeclinedBy], R.AssignedOperatorId);
    }

    private static string OperatorActor(string operatorId) => $"operator:{operatorId}";

    private InteractionView View() => new(
        Id, R.State, R.Outcome, R.Direction, R.Registration!, R.OrganisationId, R.QueueId,
        R.State is InteractionState.Offered or InteractionState.Connected or InteractionState.WrapUp or InteractionState.Closed ? R.OperatorId : null,
        R.CitizenCardId, R.RegisteredAt, R.ConnectedAt, R.ClosedAt, R.Completion, [.. R.Timeline], R.UnansweredReason, R.QueueOpensAt,
        [.. R.Interruptions], [.. R.Transfers], R.EndReason, R.InactivityDeadline, R.WrapUpStartedAt, R.WrapUpDuration,
        CurrentPlan(), R.FollowUp, R.Deferral)
    {
        Transcript = [.. R.Transcript],
        TranscriptLineCount = R.TranscriptLineCount,
        Recordings = [.. R.Recordings],
        ComplaintReview = R.ComplaintReview,
        Identification = R.Identification,
        IdentificationAttempts = [.. R.IdentificationAttempts],

        SurveyScore = R.SurveyScore,
    };

    // card

    public async ValueTask<InteractionView> AttachRecordingAsync(string recordingUri)
    {
        EnsureRegistered();
        CardRules.EnsureRecordingUri(recordingUri);
        if (R.Recordings.Any(r => r.Uri == recordingUri))
        {
            return View();
        }

        if (R.Recordings.Count >= CardRules.MaxRecordings)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' already holds {CardRules.MaxRecordings} recordings");
        }

        R.Recordings.Add(new RecordingReference(recordingUri, clock.Now));
        Record(TimelineKind.RecordingAttached, Gateway, recordingUri);
        await state.WriteStateAsync();
        await ReportIfClosedAsync();
        return View();
    }

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

    public async ValueTask<InteractionView> ReviewComplaintAsync(string supervisorId, bool confirmed, string? note)
    {
        EnsureRegistered();
        if (string.IsNullOrWhiteSpace(supervisorId))
        {
            throw ContactCenterException.Invalid("supervisor_id is required");
        }

        CardRules.EnsureOptionalText(note, "note");
        if (R.State != InteractionState.Closed || R.Completion?.Complaint is null)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' has no complaint to review (it is {R.State}{(R.Completion is null ? ", without a completed card" : ", with no complaint recorded")})");
        }

        if (R.ComplaintReview is { } done)
        {
            // A retried review is answered as before; a different decision would overwrite the first.
            return done.SupervisorId == supervisorId && done.Confirmed == confirmed && done.Note == note
                ? View()
                : throw ContactCenterException.Precondition($"the complaint on interaction '{Id}' was already {(done.Confirmed ? "confirmed" : "rejected")} by supervisor '{done.SupervisorId}' at {done.ReviewedAt:O}");
        }

        R.ComplaintReview = new ComplaintReview(supervisorId, confirmed, note, clock.Now);
        Record(TimelineKind.ComplaintReviewed, $"supervisor:{supervisorId}", confirmed ? "confirmed" : "rejected");
        await state.WriteStateAsync();
        await ReportIfClosedAsync();
        return View();
    }

    private void AppendTranscript(string author, string text)
    {
        R.Transcript.Add(new TranscriptLine(clock.Now, author, text));
        R.TranscriptLineCount++;
        if (R.Transcript.Count <= CardRules.TranscriptCapacity)
        {
            return;
        }

        R.Transcript.RemoveAt(0);
        if (R.TranscriptLineCount == CardRules.TranscriptCapacity + 1)
        {
            Record(TimelineKind.TranscriptTrimmed, System, $"more than {CardRules.TranscriptCapacity} lines: the oldest are dropped from the card");
        }
    }

    public async ValueTask<InteractionView> RecordSecretCodeSetAsync(string operatorId)
    {
        EnsureConnectedTo(operatorId);
        Record(TimelineKind.SecretCodeSet, OperatorActor(operatorId), null);
        await state.WriteStateAsync();
        return View();
    }

    // reports

    public async ValueTask<InteractionView> PostSurveyScoreAsync(int score)
    {
        if (score is < SurveyScore.Lowest or > SurveyScore.Highest)
        {
            throw ContactCenterException.Invalid($"score: {score} is not between {SurveyScore.Lowest} and {SurveyScore.Highest}");
        }

        EnsureRegistered();
        if (R.State != InteractionState.Closed)
        {
            throw ContactCenterException.Precondition($"interaction '{Id}' is not closed (it is {R.State}); the survey follows the contact");
        }

        if (R.SurveyScore is { } done)
        {
            // A gateway's retry is answered as before; a second, different answer would overwrite the citizen's.
            return done.Score == score
                ? View()
                : throw ContactCenterException.Precondition($"interaction '{Id}' was already scored {done.Score} at {done.PostedAt:O}");
        }

        R.SurveyScore = new SurveyScore(score, clock.Now);
        Record(TimelineKind.SurveyScored, Gateway, $"{score}");
        await state.WriteStateAsync();
        await ReportIfClosedAsync();
        return View();
    }

    /// <summary>A closed interaction's every saved change goes to the reporting store as its latest version.</summary>
    private ValueTask ReportIfClosedAsync() =>
        R.State == InteractionState.Closed ? reporter.ReportAsync(Id, R) : ValueTask.CompletedTask;
}
