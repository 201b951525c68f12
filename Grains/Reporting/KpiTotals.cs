using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;

namespace ContactCenter.Reporting;

/// <summary>
/// The sums and counts every KPI is a ratio of, for one set of inbound interactions. The
/// PostgreSQL store computes them in SQL, the in-memory store with <see cref="Of"/>: the
/// definitions below are the ones both follow.
/// </summary>
public sealed record KpiTotals
{
    public static readonly KpiTotals Zero = new();

    /// <summary>Registered inbound contacts.</summary>
    public long Contacts { get; init; }

    /// <summary>Entered a queue.</summary>
    public long Offered { get; init; }

    /// <summary>Connected to an operator.</summary>
    public long Answered { get; init; }

    public long AnsweredWithinTarget { get; init; }

    public long AnsweredWaitMs { get; init; }

    /// <summary>Left before an answer, after the short-abandon threshold: lost.</summary>
    public long Abandoned { get; init; }

    public long AbandonedWaitMs { get; init; }

    /// <summary>Left before an answer within the short-abandon threshold.</summary>
    public long AbandonedShort { get; init; }

    /// <summary>Never reached an operator for any other reason (no operators, closed, full, max wait, not routable).</summary>
    public long Unanswered { get; init; }

    /// <summary>A conversation took place and ended (talk and after-call work are known).</summary>
    public long Handled { get; init; }

    public long TalkMs { get; init; }

    public long AfterCallWorkMs { get; init; }

    /// <summary>Interactions transferred at least once.</summary>
    public long Transferred { get; init; }

    public long Transfers { get; init; }

    public long BreachedTransfers { get; init; }

    public long ClosedForInactivity { get; init; }

    /// <summary>Answered, resolved, never transferred, and no repeat contact on the same topic within the window.</summary>
    public long ResolvedFirstContact { get; init; }

    public long Surveyed { get; init; }

    public long SurveyScoreSum { get; init; }

    /// <summary>Scores 4 and 5.</summary>
    public long Satisfied { get; init; }

    /// <summary>Scores 1 and 2.</summary>
    public long Dissatisfied { get; init; }

    public long Complaints { get; init; }

    public long ComplaintsConfirmed { get; init; }

    public KpiTotals Add(KpiTotals o) => new()
    {
        Contacts = Contacts + o.Contacts,
        Offered = Offered + o.Offered,
        Answered = Answered + o.Answered,
        AnsweredWithinTarget = AnsweredWithinTarget + o.AnsweredWithinTarget,
        AnsweredWaitMs = AnsweredWaitMs + o.AnsweredWaitMs,
        Abandoned = Abandoned + o.Abandoned,
        AbandonedWaitMs = AbandonedWaitMs + o.AbandonedWaitMs,
        AbandonedShort = AbandonedShort + o.AbandonedShort,
        Unanswered = Unanswered + o.Unanswered,
        Handled = Handled + o.Handled,
        TalkMs = TalkMs + o.TalkMs,
        AfterCallWorkMs = AfterCallWorkMs + o.AfterCallWorkMs,
        Transferred = Transferred + o.Transferred,
        Transfers = Transfers + o.Transfers,
        BreachedTransfers = BreachedTransfers + o.BreachedTransfers,
        ClosedForInactivity = ClosedForInactivity + o.ClosedForInactivity,
        ResolvedFirstContact = ResolvedFirstContact + o.ResolvedFirstContact,
        Surveyed = Surveyed + o.Surveyed,
        SurveyScoreSum = SurveyScoreSum + o.SurveyScoreSum,
        Satisfied = Satisfied + o.Satisfied,
        Dissatisfied = Dissatisfied + o.Dissatisfied,
        Complaints = Complaints + o.Complaints,
        ComplaintsConfirmed = ComplaintsConfirmed + o.ComplaintsConfirmed,
    };

    public static KpiTotals Sum(IEnumerable<KpiTotals> totals) => totals.Aggregate(Zero, (sum, t) => sum.Add(t));

    /// <summary>
    /// The totals of <paramref name="inPeriod"/> (inbound interactions of the period);
    /// <paramref name="all"/> is every stored interaction, where repeat contacts are looked for
    /// (a repeat may fall after the period's end).
    /// </summary>
    public static KpiTotals Of(IReadOnlyCollection<InteractionReport> inPeriod, IReadOnlyCollection<InteractionReport> all, ReportQuery query)
    {
        var answerWithin = InteractionReportBuilder.Ms(query.AnswerWithin);
        var abandoned = inPeriod.Where(r => r.Abandoned && !r.AbandonedShort).ToList();
        var answered = inPeriod.Where(r => r.Answered).ToList();
        var handled = inPeriod.Where(r => r.Handled).ToList();
        var surveyed = inPeriod.Where(r => r.SurveyScore is not null).ToList();
        return new KpiTotals
        {
            Contacts = inPeriod.Count,
            Offered = inPeriod.Count(r => r.QueuedAt is not null),
            Answered = answered.Count,
            AnsweredWithinTarget = answered.Count(r => r.WaitMs <= answerWithin),
            AnsweredWaitMs = answered.Sum(r => r.WaitMs ?? 0),
            Abandoned = abandoned.Count,
            AbandonedWaitMs = abandoned.Sum(r => r.WaitMs ?? 0),
            AbandonedShort = inPeriod.Count(r => r.AbandonedShort),
            Unanswered = inPeriod.Count(r => r.Outcome == InteractionOutcome.Unanswered && !r.Abandoned),
            Handled = handled.Count,
            TalkMs = handled.Sum(r => r.TalkMs),
            AfterCallWorkMs = handled.Sum(r => r.WrapUpMs ?? 0),
            Transferred = inPeriod.Count(r => r.Transfers > 0),
            Transfers = inPeriod.Sum(r => (long)r.Transfers),
            BreachedTransfers = inPeriod.Sum(r => (long)r.BreachedTransfers),
            ClosedForInactivity = inPeriod.Count(r => r.Outcome == InteractionOutcome.ClosedForInactivity),
            ResolvedFirstContact = answered.Count(r => ResolvedAtFirstContact(r, all, query.FcrWindow)),
            Surveyed = surveyed.Count,
            SurveyScoreSum = surveyed.Sum(r => (long)r.SurveyScore!.Value),
            Satisfied = surveyed.Count(r => r.SurveyScore >= 4),
            Dissatisfied = surveyed.Count(r => r.SurveyScore <= 2),
            Complaints = inPeriod.Count(r => r.ComplaintCategory is not null),
            ComplaintsConfirmed = inPeriod.Count(r => r.ComplaintConfirmed == true),
        };
    }

    /// <summary>
    /// First-contact resolution: resolved, with no transfer, and the same citizen (card) made no
    /// other inbound contact on a shared topic within the window after it.
    /// </summary>
    public static bool ResolvedAtFirstContact(InteractionReport r, IEnumerable<InteractionReport> all, TimeSpan window)
    {
        if (r.Outcome != InteractionOutcome.Resolved || r.Transfers > 0)
        {
            return false;
        }

        var topics = r.TopicKeys;
        return r.CitizenCardId is null || !all.Any(other =>
            other.Direction == Direction.Inbound
            && other.InteractionId != r.InteractionId
            && other.CitizenCardId == r.CitizenCardId
            && other.RegisteredAt > r.RegisteredAt
            && other.RegisteredAt <= r.RegisteredAt + window
            && other.TopicKeys.Intersect(topics).Any());
    }
}

/// <summary>One operator's work in a period: what they finished and how long they spent in each status.</summary>
public sealed record OperatorTotals(
    string OperatorId,
    long Handled,
    long TalkMs,
    long AfterCallWorkMs,
    IReadOnlyDictionary<StatusKey, long> StatusMs);

/// <summary>A shown status, with the reason for Not ready.</summary>
public readonly record struct StatusKey(OperatorStatus Status, NotReadyReason Reason)
{
    public override string ToString() => Status == OperatorStatus.NotReady && Reason != NotReadyReason.None ? $"{Status}:{Reason}" : Status.ToString();
}
