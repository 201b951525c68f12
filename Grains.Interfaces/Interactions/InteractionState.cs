namespace ContactCenter.Interactions;

public enum InteractionState
{
    New = 0,
    Queued = 1,
    Offered = 2,
    Connected = 3,
    WrapUp = 4,
    Closed = 5,
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
}
