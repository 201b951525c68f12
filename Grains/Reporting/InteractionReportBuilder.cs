using ContactCenter.Interactions;

namespace ContactCenter.Reporting;

/// <summary>Flattens a closed interaction's state into its reporting record; pure, so it is tested without a cluster.</summary>
public static class InteractionReportBuilder
{
    public static InteractionReport From(string id, InteractionRecord r, TimeSpan shortAbandon)
    {
        var registration = r.Registration ?? throw new InvalidOperationException($"interaction '{id}' is not registered");
        var closedAt = r.ClosedAt ?? throw new InvalidOperationException($"interaction '{id}' is not closed");
        var timeline = r.Timeline;
        var queuedAt = First(timeline, TimelineKind.Queued);
        long? wait = queuedAt is { } queued ? Ms((r.ConnectedAt ?? closedAt) - queued) : null;
        var (talk, handlerTalk) = TalkTimes(timeline);
        var abandoned = r.Outcome == InteractionOutcome.Unanswered && r.UnansweredReason == UnansweredReason.CitizenHungUp;
        return new InteractionReport
        {
            InteractionId = id,
            Revision = timeline.Count,
            Channel = registration.Channel,
            Direction = r.Direction,
            RegionId = registration.RegionId,
            Language = registration.Language,
            OrganisationId = r.OrganisationId,
            QueueId = r.QueueId,
            OperatorId = r.WrapUpStartedAt is null ? null : r.OperatorId,
            OperatorIds = ConnectedOperators(timeline),
            CitizenCardId = r.CitizenCardId,
            RegisteredAt = r.RegisteredAt,
            QueuedAt = queuedAt,
            FirstOfferedAt = First(timeline, TimelineKind.Offered),
            ConnectedAt = r.ConnectedAt,
            WrapUpStartedAt = r.WrapUpStartedAt,
            WrapUpMs = r.WrapUpDuration is { } wrapUp ? Ms(wrapUp) : null,
            ClosedAt = closedAt,
            WaitMs = wait,
            TalkMs = talk,
            HandlerTalkMs = r.WrapUpStartedAt is null ? 0 : handlerTalk,
            Outcome = r.Outcome,
            UnansweredReason = r.UnansweredReason,
            Abandoned = abandoned,
            AbandonedShort = abandoned && wait <= Ms(shortAbandon),
            Transfers = r.Transfers.Count,
            BreachedTransfers = r.Transfers.Count(t => t.BreachedAt is not null || t.ExceededBy > TimeSpan.Zero),
            EndReason = r.EndReason,
            TopicId = registration.TopicId,
            Topics = r.Completion?.Topics ?? [],
            CallbackReason = r.Task?.Reason,
            CallbackOriginId = r.Task?.OriginId,
            CallbackDeadline = r.Task?.Deadline,
            CallbackDeadlineMet = CallbackDeadlineMet(r),
            FollowUpId = r.FollowUp?.CallbackId,
            FollowUpDeadline = r.FollowUp?.Deadline,
            FollowUpClosedAt = r.FollowUp?.ClosedAt,
            FollowUpDeadlineMet = r.FollowUp?.DeadlineMet,
            DeferredCallbackAt = r.Deferral?.CallbackAt,
            ComplaintCategory = r.Completion?.Complaint?.Category,
            ComplaintConfirmed = r.ComplaintReview?.Confirmed,
            ComplaintReviewedAt = r.ComplaintReview?.ReviewedAt,
            SurveyScore = r.SurveyScore?.Score,
            SurveyScoredAt = r.SurveyScore?.PostedAt,
            Recordings = r.Recordings.Count,
            Timeline = [.. timeline],
        };
    }

    /// <summary>
    /// Talk is every stretch from Connected to the next transfer request or wrap-up start; the
    /// handler's share is the stretch that ended in wrap-up.
    /// </summary>
    public static (long Talk, long HandlerTalk) TalkTimes(IReadOnlyList<TimelineEntry> timeline)
    {
        long talk = 0, last = 0;
        DateTimeOffset? since = null;
        foreach (var entry in timeline)
        {
            switch (entry.Kind)
            {
                case TimelineKind.Connected:
                    since ??= entry.At;
                    break;
                case TimelineKind.TransferRequested or TimelineKind.WrapUpStarted when since is { } from:
                    last = Ms(entry.At - from);
                    talk += last;
                    since = null;
                    break;
            }
        }

        return (talk, last);
    }

    public static long Ms(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds, MidpointRounding.AwayFromZero);

    private static bool? CallbackDeadlineMet(InteractionRecord r) =>
        r.Task?.Deadline is not { } deadline ? null
        : r.DeadlineMissedAt is not null ? false
        : r.Outcome == InteractionOutcome.Deferred ? null
        : r.ClosedAt <= deadline;

    private static DateTimeOffset? First(IReadOnlyList<TimelineEntry> timeline, TimelineKind kind) =>
        timeline.FirstOrDefault(e => e.Kind == kind)?.At;

    private static List<string> ConnectedOperators(IReadOnlyList<TimelineEntry> timeline) =>
        [.. timeline
            .Where(e => e.Kind == TimelineKind.Connected && e.Actor.StartsWith("operator:", StringComparison.Ordinal))
            .Select(e => e.Actor["operator:".Length..])
            .Distinct()];
}
