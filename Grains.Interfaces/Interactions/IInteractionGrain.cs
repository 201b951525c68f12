using ContactCenter.Citizens;
using ContactCenter.Queues;
using Orleans.Concurrency;

namespace ContactCenter.Interactions;

/// <summary>
/// One citizen contact from hand-over to close: the state machine, the card and the timeline.
/// The key is chosen by the API (derived from the gateway's idempotency key when there is one).
/// </summary>
public interface IInteractionGrain : IGrainWithStringKey
{
    /// <summary>Registers and routes the contact. Repeating the same registration is safe.</summary>
    ValueTask<InteractionView> RegisterAsync(Registration registration);

    /// <summary>
    /// Registers as <see cref="RegisterAsync"/> does and says where the contact entered the line:
    /// the gateway's whole answer in one call, without asking the queue a second time.
    /// </summary>
    ValueTask<Registered> RegisterAndPlaceAsync(Registration registration);

    ValueTask<InteractionView> GetAsync();

    /// <summary>Place in line and estimated wait; null when it no longer waits.</summary>
    ValueTask<QueuePosition?> GetPositionAsync();

    /// <summary>A queue or an operator reserved an operator for this contact; false when it no longer waits.</summary>
    ValueTask<bool> OfferAsync(string operatorId, string queueId, DateTimeOffset expiresAt);

    ValueTask<InteractionView> AcceptAsync(string operatorId);

    ValueTask<InteractionView> DeclineAsync(string operatorId);

    /// <summary>Records the operator's card fields and closes; from Connected it ends the conversation first.</summary>
    ValueTask<InteractionView> CompleteAsync(string operatorId, Completion completion);

    /// <summary>The citizen hung up or sent a stop message: ends it at once.</summary>
    ValueTask<InteractionView> EndByCitizenAsync(CitizenEnding ending);

    /// <summary>The citizen wrote or spoke; restarts the inactivity limit. A text goes into the transcript (connected only).</summary>
    ValueTask<InteractionView> CitizenActivityAsync(string? text = null);

    /// <summary>The operator wrote or asked something; restarts the inactivity limit. A text goes into the transcript.</summary>
    ValueTask<InteractionView> OperatorActivityAsync(string operatorId, string? text = null);

    /// <summary>The connected operator hands the citizen over; the transfer limit starts.</summary>
    ValueTask<InteractionView> TransferAsync(string operatorId, TransferRequest request);

    /// <summary>The operator ends the conversation and starts wrap-up.</summary>
    ValueTask<InteractionView> EndConversationAsync(string operatorId);

    /// <summary>The operator holding an offer for this interaction signed out; the offer goes back to the queue.</summary>
    [OneWay]
    Task OperatorLeftAsync(string operatorId);

    /// <summary>Handles every deadline that is due by now. Safe to call at any time, any number of times.</summary>
    [OneWay]
    Task HandleDueDeadlinesAsync();

    /// <summary>
    /// The durable backstop's periodic wake (<see cref="IDeadlineWatchGrain"/>): hands a waiting
    /// contact back to a queue that lost it, handles due deadlines, and answers whether it still
    /// wants watching.
    /// </summary>
    Task<bool> WakeAsync();

    // callbacks and deferred requests

    /// <summary>
    /// The 2nd-line operator handling the request needs time to prepare the answer: the conversation
    /// ends (wrap-up follows) and a callback is scheduled for the date and time set.
    /// </summary>
    ValueTask<InteractionView> DeferAsync(string operatorId, DeferRequest request);

    /// <summary>Creates this interaction as the callback task of another; repeating the same order is safe.</summary>
    ValueTask<InteractionView> ScheduleCallbackAsync(CallbackOrder order);

    /// <summary>A supervisor gives this callback task to one operator: only they are offered it.</summary>
    ValueTask<InteractionView> AssignCallbackAsync(string operatorId, string assignedBy);

    /// <summary>The callback task this interaction created changed (assigned, routed, closed, late).</summary>
    [OneWay]
    Task CallbackChangedAsync(CallbackPlan plan);
    // card

    /// <summary>The gateway reports where a leg's audio recording is kept; any state after registration, repeats are no-ops.</summary>
    ValueTask<InteractionView> AttachRecordingAsync(string recordingUri);

    /// <summary>A supervisor confirms or rejects the complaint recorded on a closed interaction; decided once.</summary>
    ValueTask<InteractionView> ReviewComplaintAsync(string supervisorId, bool confirmed, string? note);
    // citizens

    /// <summary>
    /// Records an identification attempt by the operator in conversation; an attempt that reached a
    /// level links the interaction to that citizen's card.
    /// </summary>
    ValueTask<InteractionView> RecordIdentificationAsync(string operatorId, IdentificationAttempt attempt);

    /// <summary>The operator in conversation registered the citizen's secret code (the code never comes here).</summary>
    ValueTask<InteractionView> RecordSecretCodeSetAsync(string operatorId);


    // reports

    /// <summary>The gateway posts the citizen's post-contact survey score (1-5) for a closed interaction; once, a retry of the same score is a no-op.</summary>
    ValueTask<InteractionView> PostSurveyScoreAsync(int score);
}
