namespace ContactCenter.Operators;

public enum OperatorStatus
{
    Offline = 0,
    Available = 1,
    NotReady = 2,

    /// <summary>Derived: signed in as available, but every channel is at capacity.</summary>
    Busy = 3,
    AfterCallWork = 4,
}

public enum NotReadyReason
{
    None = 0,
    Break = 1,
    Lunch = 2,
    Training = 3,
    Meeting = 4,
    NoAnswer = 5,
    ForcedBySupervisor = 6,
}
