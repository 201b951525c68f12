using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Statistics;

public enum ContactEventKind
{
    /// <summary>Entered a queue (first arrival, transfer, overflow or a due callback): offered to the queue.</summary>
    Entered = 1,

    /// <summary>An operator connected; <see cref="ContactEvent.Wait"/> is the time it waited in this queue.</summary>
    Answered = 2,

    /// <summary>The citizen left before anyone answered.</summary>
    Abandoned = 3,

    /// <summary>Lost for another reason: maximum wait, queue closed or full, nobody signed in.</summary>
    Unanswered = 4,

    /// <summary>The conversation and its wrap-up are over: talk and after-call work are known.</summary>
    Handled = 5,

    /// <summary>The connected operator handed it on from this queue.</summary>
    Transferred = 6,

    /// <summary>A transfer waiting in this queue did not connect within the transfer limit.</summary>
    TransferBreached = 7,
}

/// <summary>
/// One fact for the live statistics, told by the interaction as it happens. It counts for its
/// queue, organisation, region and (when there is one) operator.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ContactEvent(
    [property: Id(0)] ContactEventKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string QueueId,
    [property: Id(3)] string OrganisationId,
    [property: Id(4)] string RegionId,
    [property: Id(5)] string? OperatorId,
    [property: Id(6)] Channel Channel,
    [property: Id(7)] TimeSpan Wait = default,
    [property: Id(8)] bool WithinTarget = false,
    [property: Id(9)] TimeSpan Talk = default,
    [property: Id(10)] TimeSpan AfterCallWork = default,
    [property: Id(11)] ConversationEnd EndReason = ConversationEnd.None);

/// <summary>
/// Sums and counts that add up across minutes, silos and scopes; every average and ratio is
/// derived from them when read, so merging never averages averages.
/// </summary>
[GenerateSerializer]
public sealed class FigureCounters
{
    [Id(0)] public long Offered { get; set; }
    [Id(1)] public long Answered { get; set; }
    [Id(2)] public long AnsweredWithinTarget { get; set; }
    [Id(3)] public long Abandoned { get; set; }
    [Id(4)] public long AbandonedShort { get; set; }
    [Id(5)] public long Unanswered { get; set; }
    [Id(6)] public TimeSpan AnsweredWait { get; set; }
    [Id(7)] public TimeSpan AbandonedWait { get; set; }
    [Id(8)] public long Handled { get; set; }
    [Id(9)] public TimeSpan Talk { get; set; }
    [Id(10)] public TimeSpan AfterCallWork { get; set; }
    [Id(11)] public long Transfers { get; set; }
    [Id(12)] public long BreachedTransfers { get; set; }
    [Id(13)] public Dictionary<ConversationEnd, long> Endings { get; set; } = [];

    public void Add(FigureCounters other)
    {
        Offered += other.Offered;
        Answered += other.Answered;
        AnsweredWithinTarget += other.AnsweredWithinTarget;
        Abandoned += other.Abandoned;
        AbandonedShort += other.AbandonedShort;
        Unanswered += other.Unanswered;
        AnsweredWait += other.AnsweredWait;
        AbandonedWait += other.AbandonedWait;
        Handled += other.Handled;
        Talk += other.Talk;
        AfterCallWork += other.AfterCallWork;
        Transfers += other.Transfers;
        BreachedTransfers += other.BreachedTransfers;
        foreach (var (reason, count) in other.Endings)
        {
            Endings[reason] = Endings.GetValueOrDefault(reason) + count;
        }
    }
}

/// <summary>
/// Live figures of one scope over one period. Ratios and averages are null when nothing they
/// divide by happened. Service level = answered within the queue's target ÷ (answered + abandoned
/// after the short-abandon threshold); abandons within it (5 s) are reported apart and count
/// nowhere else.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FigureSet(
    [property: Id(0)] long Offered,
    [property: Id(1)] long Answered,
    [property: Id(2)] long Abandoned,
    [property: Id(3)] long AbandonedShort,
    [property: Id(4)] long Unanswered,
    [property: Id(5)] double? ServiceLevel,
    [property: Id(6)] TimeSpan? AverageSpeedOfAnswer,
    [property: Id(7)] TimeSpan? AverageWait,
    [property: Id(8)] long Handled,
    [property: Id(9)] TimeSpan? AverageHandleTime,
    [property: Id(10)] TimeSpan? AverageTalkTime,
    [property: Id(11)] TimeSpan? AverageAfterCallWork,
    [property: Id(12)] long Transfers,
    [property: Id(13)] long BreachedTransfers,
    [property: Id(14)] IReadOnlyDictionary<ConversationEnd, long> Endings,
    [property: Id(15)] double? AbandonedShare);

/// <summary>A scope's figures for today (local midnight of its time zone until now) and the last 15 minutes.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveFigures(
    [property: Id(0)] string Scope,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] string TimeZoneId,
    [property: Id(3)] FigureSet Today,
    [property: Id(4)] FigureSet Window,
    [property: Id(5)] TimeSpan WindowLength);
