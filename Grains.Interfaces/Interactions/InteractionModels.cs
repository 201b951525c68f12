using ContactCenter.Citizens;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Queues;

namespace ContactCenter.Interactions;

/// <summary>What a gateway knows when it hands a contact over from the robot.</summary>
[GenerateSerializer, Immutable]
public sealed record Registration(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string CallerNumber,
    [property: Id(2)] string RegionId,
    [property: Id(3)] string Language,
    [property: Id(4)] string? TopicId,
    [property: Id(5)] string? OrganisationId,
    [property: Id(6)] IReadOnlyList<string> RobotTranscript,
    [property: Id(7)] TimeSpan RobotDuration);

/// <summary>
/// What the operator records on the card when the work is done (SPEC §5): the citizen's
/// questions, the topics as classifier codes of 1 to 4 levels ("pension/indexation/2025/recalc",
/// the first level a topic of the directory), a comment, the knowledge source the answer rests
/// on, the answer, and a complaint when the citizen made one. Members added after the first
/// version are null on cards completed before them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Completion(
    [property: Id(0)] IReadOnlyList<string> Topics,
    [property: Id(1)] string Answer,
    [property: Id(2)] string? Comment,
    [property: Id(3)] IReadOnlyList<string>? Questions = null,
    [property: Id(4)] string? KnowledgeSource = null,
    [property: Id(5)] Complaint? Complaint = null);

/// <summary>
/// What a complaint is about (seed 002 §9: complaints are registered and sorted by category; the
/// confirmed ones about the contact centre and its operators are counted in its report).
/// </summary>
public enum ComplaintCategory
{
    /// <summary>Rudeness or other improper conduct of an operator.</summary>
    OperatorConduct = 1,

    /// <summary>A wrong or incomplete answer.</summary>
    IncorrectInformation = 2,

    /// <summary>Waiting too long, or not getting through at all.</summary>
    WaitingTime = 3,

    /// <summary>Passed between lines or organisations without being helped.</summary>
    Redirection = 4,

    /// <summary>Dropped calls, broken chat, poor audio.</summary>
    TechnicalProblem = 5,

    /// <summary>Personal data disclosed or asked for without need.</summary>
    PersonalData = 6,

    Other = 7,
}

[GenerateSerializer, Immutable]
public sealed record Complaint(
    [property: Id(0)] ComplaintCategory Category,
    [property: Id(1)] string Text);

/// <summary>A supervisor's decision on a recorded complaint; made once.</summary>
[GenerateSerializer, Immutable]
public sealed record ComplaintReview(
    [property: Id(0)] string SupervisorId,
    [property: Id(1)] bool Confirmed,
    [property: Id(2)] string? Note,
    [property: Id(3)] DateTimeOffset ReviewedAt);

/// <summary>One message of the conversation; <see cref="Author"/> is "citizen" or "operator:&lt;id&gt;".</summary>
[GenerateSerializer, Immutable]
public sealed record TranscriptLine(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Author,
    [property: Id(2)] string Text);

/// <summary>Where the audio of one leg of the interaction is kept, as the gateway reported it.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordingReference(
    [property: Id(0)] string Uri,
    [property: Id(1)] DateTimeOffset AttachedAt);

[GenerateSerializer, Immutable]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] TimelineKind Kind,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Detail);

/// <summary>A registration's answer: the card, and the place in line it entered (null when it does not wait).</summary>
[GenerateSerializer, Immutable]
public sealed record Registered(
    [property: Id(0)] InteractionView Interaction,
    [property: Id(1)] QueuePosition? Position);

/// <summary>
/// The interaction card as anyone entitled reads it. <see cref="Interruptions"/> are the service
/// interruptions in force when it was registered, for the gateway to announce.
/// <see cref="CallbackTask"/> is set when this interaction is a callback task (outbound);
/// <see cref="FollowUp"/> is the callback task this interaction created, as last reported.
/// <see cref="Transcript"/> holds the latest lines of the conversation; <see cref="TranscriptLineCount"/>
/// counts every line, including those dropped to keep the card bounded.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InteractionView(
    [property: Id(0)] string Id,
    [property: Id(1)] InteractionState State,
    [property: Id(2)] InteractionOutcome Outcome,
    [property: Id(3)] Direction Direction,
    [property: Id(4)] Registration Registration,
    [property: Id(5)] string? OrganisationId,
    [property: Id(6)] string? QueueId,
    [property: Id(7)] string? OperatorId,
    [property: Id(8)] string? CitizenCardId,
    [property: Id(9)] DateTimeOffset RegisteredAt,
    [property: Id(10)] DateTimeOffset? ConnectedAt,
    [property: Id(11)] DateTimeOffset? ClosedAt,
    [property: Id(12)] Completion? Completion,
    [property: Id(13)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(14)] UnansweredReason UnansweredReason,
    [property: Id(15)] DateTimeOffset? QueueOpensAt,
    [property: Id(16)] IReadOnlyList<ServiceInterruption> Interruptions,
    [property: Id(17)] IReadOnlyList<TransferRecord> Transfers,
    [property: Id(18)] ConversationEnd EndReason,
    [property: Id(19)] DateTimeOffset? InactivityDeadline,
    [property: Id(20)] DateTimeOffset? WrapUpStartedAt,
    [property: Id(21)] TimeSpan? WrapUpDuration,
    [property: Id(22)] CallbackPlan? CallbackTask = null,
    [property: Id(23)] CallbackPlan? FollowUp = null,
    [property: Id(24)] DeferRequest? Deferral = null)
{
    // card
    [Id(30)]
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];

    [Id(31)]
    public int TranscriptLineCount { get; init; }

    [Id(32)]
    public IReadOnlyList<RecordingReference> Recordings { get; init; } = [];

    [Id(33)]
    public ComplaintReview? ComplaintReview { get; init; }

    // citizens
    [Id(40)]
    public IdentificationLevel Identification { get; init; }

    [Id(41)]
    public IReadOnlyList<IdentificationAttempt> IdentificationAttempts { get; init; } = [];

    // reports
    [Id(60)]
    public SurveyScore? SurveyScore { get; init; }
}

/// <summary>
/// The post-contact survey (CSAT) answer for one interaction: 1 to 5; 4 and 5 count as satisfied,
/// 1 and 2 as dissatisfied (seed 002 annex 1).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SurveyScore(
    [property: Id(0)] int Score,
    [property: Id(1)] DateTimeOffset PostedAt)
{
    public const int Lowest = 1;
    public const int Highest = 5;
}

public enum TransferKind
{
    /// <summary>To the 2nd line of the named organisation, in the citizen's region.</summary>
    SecondLine = 0,

    /// <summary>To the 1st line of the named (another) organisation.</summary>
    FirstLine = 1,

    /// <summary>To the named operator.</summary>
    Operator = 2,

    /// <summary>Back to (or into) the named queue.</summary>
    Queue = 3,
}

/// <summary>
/// What the operator asks for: <see cref="Target"/> is an organisation, operator or queue id by
/// <see cref="Kind"/>. <see cref="Note"/> is the handing-on operator's entry on the card (why, what
/// was asked so far), which the next level reads (seed 003).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TransferRequest(
    [property: Id(0)] TransferKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string? Note = null);

/// <summary>
/// One transfer on the card: who asked, where it went, when it had to connect and whether it did
/// in time. <see cref="ExceededBy"/> is how far past <see cref="Deadline"/> it connected (or was
/// noticed, when it never connected).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TransferRecord(
    [property: Id(0)] TransferKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string FromOperatorId,
    [property: Id(3)] string? QueueId,
    [property: Id(4)] DateTimeOffset RequestedAt,
    [property: Id(5)] DateTimeOffset Deadline,
    [property: Id(6)] DateTimeOffset? ConnectedAt = null,
    [property: Id(7)] string? ConnectedOperatorId = null,
    [property: Id(8)] DateTimeOffset? BreachedAt = null,
    [property: Id(9)] TimeSpan? ExceededBy = null,
    [property: Id(10)] TransferFallback? Fallback = null,
    [property: Id(11)] string? Note = null)
{
    public bool Pending => ConnectedAt is null;

    public TimeSpan? Wait => ConnectedAt - RequestedAt;
}
