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
    AbandonedInQueue = 3,
    NotRoutable = 4,
    ClosedForInactivity = 5,
    Deferred = 6,
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
    NotRoutable = 11,
    OfferWithdrawn = 12,
}
