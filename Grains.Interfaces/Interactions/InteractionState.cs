namespace ContactCenter.Interactions;

public enum InteractionState
{
    New = 0,
    Queued = 1,
    Offered = 2,
    Connected = 3,
    WrapUp = 4,
    Closed = 5,

    /// <summary>Left its operator for another queue or operator; passed through within the transfer's own turn.</summary>
    Transferring = 6,

    /// <summary>A callback task waiting for its time (or for the region's working hours) before it is routed.</summary>
    Scheduled = 7,
}

/// <summary>How a closed interaction ended; exactly one per interaction.</summary>
public enum InteractionOutcome
{
    None = 0,
    Resolved = 1,
    CitizenEnded = 2,

    /// <summary>Never reached an operator; <see cref="UnansweredReason"/> says why. Becomes a callback.</summary>
    Unanswered = 3,
    ClosedForInactivity = 4,
    Deferred = 5,

    /// <summary>A transfer did not connect in time and its queue's fallback is a callback task.</summary>
    CallbackRequested = 6,
}

/// <summary>Why the conversation ended and wrap-up began: the closing reason on the card.</summary>
public enum ConversationEnd
{
    None = 0,
    ByOperator = 1,
    CitizenHungUp = 2,
    CitizenStopped = 3,

    /// <summary>The citizen stayed silent past the channel's inactivity limit.</summary>
    CitizenInactive = 4,
}

/// <summary>How a gateway reports that the citizen ended the contact.</summary>
public enum CitizenEnding
{
    HangUp = 0,
    StopMessage = 1,
}

/// <summary>Why an interaction was classified unanswered (seed 003).</summary>
public enum UnansweredReason
{
    None = 0,
    NotRoutable = 1,
    QueueClosed = 2,
    NoOperators = 3,
    QueueFull = 4,
    MaxWaitExceeded = 5,
    CitizenHungUp = 6,
}

public enum TimelineKind
{
    Registered = 0,
    RobotDialogue = 1,
    Queued = 2,
    Offered = 3,
    OfferDeclined = 4,
    OfferExpired = 5,
    Connected = 6,
    WrapUpStarted = 7,
    Completed = 8,
    CitizenEnded = 9,
    Closed = 10,
    Unanswered = 11,
    OfferWithdrawn = 12,
    Overflowed = 13,
    TransferRequested = 14,
    TransferBreached = 15,
    ConversationEnded = 16,
    WrapUpEnded = 17,
    CallbackRequested = 18,

    // callbacks and deferred requests
    Deferred = 19,
    CallbackScheduled = 20,
    CallbackPostponed = 21,
    CallbackAssigned = 22,
    DeadlineMissed = 23,
    CallbackClosed = 24,

    // card
    ComplaintRecorded = 25,
    RecordingAttached = 26,
    ComplaintReviewed = 27,

    /// <summary>The transcript reached its capacity; from now on its oldest lines are dropped.</summary>
    TranscriptTrimmed = 28,

    // citizens
    CitizenIdentified = 30,
    IdentificationFailed = 31,
    SecretCodeSet = 32,

    // reports

    /// <summary>The citizen's post-contact survey score arrived.</summary>
    SurveyScored = 40,
}

/// <summary>Why a callback task (an outbound interaction) exists.</summary>
public enum CallbackReason
{
    /// <summary>The contact never reached an operator (seed 003: unanswered contacts are called back).</summary>
    Unanswered = 1,

    /// <summary>A transfer did not connect in time and its queue's fallback is a callback.</summary>
    TransferTimedOut = 2,

    /// <summary>A 2nd-line operator needs time to prepare the answer and set the date and time of the call.</summary>
    Deferred = 3,
}
