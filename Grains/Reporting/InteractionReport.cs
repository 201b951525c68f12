using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;

namespace ContactCenter.Reporting;

/// <summary>
/// The reporting store's flat record of one closed interaction, written when it closes and again
/// whenever it changes afterwards (complaint reviewed, survey score, recording, its callback
/// closed). <see cref="Revision"/> grows with every version (it is the timeline's length), so the
/// store keeps the latest whatever order versions arrive in.
/// Durations are whole milliseconds, so sums are exact in SQL and in C# alike.
/// </summary>
public sealed record InteractionReport
{
    public required string InteractionId { get; init; }

    public required int Revision { get; init; }

    public required Channel Channel { get; init; }

    public Direction Direction { get; init; } = Direction.Inbound;

    public required string RegionId { get; init; }

    public string Language { get; init; } = "ru";

    public string? OrganisationId { get; init; }

    public string? QueueId { get; init; }

    /// <summary>The operator who finished it (wrap-up); null when no operator ended a conversation.</summary>
    public string? OperatorId { get; init; }

    /// <summary>Every operator it was connected to, in order (transfers make several).</summary>
    public IReadOnlyList<string> OperatorIds { get; init; } = [];

    public string? CitizenCardId { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? FirstOfferedAt { get; init; }

    public DateTimeOffset? ConnectedAt { get; init; }

    public DateTimeOffset? WrapUpStartedAt { get; init; }

    public long? WrapUpMs { get; init; }

    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>From entering the first queue to the first answer, or to the close when never answered.</summary>
    public long? WaitMs { get; init; }

    /// <summary>Every connected stretch, all operators together.</summary>
    public long TalkMs { get; init; }

    /// <summary>The finishing operator's own connected stretch: their share of the work.</summary>
    public long HandlerTalkMs { get; init; }

    public required InteractionOutcome Outcome { get; init; }

    public UnansweredReason UnansweredReason { get; init; }

    /// <summary>The citizen left before any operator answered.</summary>
    public bool Abandoned { get; init; }

    /// <summary>Abandoned within the short-abandon threshold (5 s): reported apart, out of service level and lost share.</summary>
    public bool AbandonedShort { get; init; }

    public int Transfers { get; init; }

    public int BreachedTransfers { get; init; }

    public ConversationEnd EndReason { get; init; }

    /// <summary>The topic the robot recognised at hand-over.</summary>
    public string? TopicId { get; init; }

    /// <summary>The operator's classifier codes from the card.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Set when this interaction is a callback task.</summary>
    public CallbackReason? CallbackReason { get; init; }

    public string? CallbackOriginId { get; init; }

    public DateTimeOffset? CallbackDeadline { get; init; }

    public bool? CallbackDeadlineMet { get; init; }

    /// <summary>The callback task this interaction created, as last reported.</summary>
    public string? FollowUpId { get; init; }

    public DateTimeOffset? FollowUpDeadline { get; init; }

    public DateTimeOffset? FollowUpClosedAt { get; init; }

    public bool? FollowUpDeadlineMet { get; init; }

    /// <summary>The date and time of the call a 2nd-line operator set when deferring.</summary>
    public DateTimeOffset? DeferredCallbackAt { get; init; }

    public ComplaintCategory? ComplaintCategory { get; init; }

    /// <summary>Null until a supervisor reviewed the complaint.</summary>
    public bool? ComplaintConfirmed { get; init; }

    public DateTimeOffset? ComplaintReviewedAt { get; init; }

    public int? SurveyScore { get; init; }

    public DateTimeOffset? SurveyScoredAt { get; init; }

    public int Recordings { get; init; }

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public bool Answered => ConnectedAt is not null;

    /// <summary>An operator talked with the citizen and the conversation ended (wrap-up began).</summary>
    public bool Handled => WrapUpStartedAt is not null;

    /// <summary>
    /// What the contact was about, for first-contact resolution: the first level of each topic
    /// code on the card, and the robot's topic.
    /// </summary>
    public IReadOnlyList<string> TopicKeys =>
        [.. Topics.Select(code => code.Split('/')[0]).Append(TopicId).OfType<string>().Where(t => t.Length > 0).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// One stretch of an operator in one shown status, for the per-operator report. The operator grain
/// reports it when the status ends.
/// </summary>
public sealed record OperatorStatusInterval(
    string OperatorId,
    string? OrganisationId,
    OperatorStatus Status,
    NotReadyReason Reason,
    DateTimeOffset From,
    DateTimeOffset To);
