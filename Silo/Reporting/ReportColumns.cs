using ContactCenter.Reporting;
using Npgsql;
using NpgsqlTypes;

namespace ContactCenter.Silo.Reporting;

/// <summary>
/// The columns of the reporting tables and how a record fills them: one list, used by the COPY
/// into staging and by the upsert, so the two cannot disagree.
/// </summary>
internal static class ReportColumns
{
    public static readonly IReadOnlyList<(string Name, Func<InteractionReport, object?> Value, NpgsqlDbType Type)> Interaction =
    [
        ("interaction_id", r => r.InteractionId, NpgsqlDbType.Text),
        ("revision", r => r.Revision, NpgsqlDbType.Integer),
        ("channel", r => r.Channel.ToString(), NpgsqlDbType.Text),
        ("direction", r => r.Direction.ToString(), NpgsqlDbType.Text),
        ("region_id", r => r.RegionId, NpgsqlDbType.Text),
        ("language", r => r.Language, NpgsqlDbType.Text),
        ("organisation_id", r => r.OrganisationId, NpgsqlDbType.Text),
        ("queue_id", r => r.QueueId, NpgsqlDbType.Text),
        ("operator_id", r => r.OperatorId, NpgsqlDbType.Text),
        ("operator_ids", r => r.OperatorIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        ("citizen_card_id", r => r.CitizenCardId, NpgsqlDbType.Text),
        ("registered_at", r => Utc(r.RegisteredAt), NpgsqlDbType.TimestampTz),
        ("queued_at", r => Utc(r.QueuedAt), NpgsqlDbType.TimestampTz),
        ("first_offered_at", r => Utc(r.FirstOfferedAt), NpgsqlDbType.TimestampTz),
        ("connected_at", r => Utc(r.ConnectedAt), NpgsqlDbType.TimestampTz),
        ("wrap_up_started_at", r => Utc(r.WrapUpStartedAt), NpgsqlDbType.TimestampTz),
        ("wrap_up_ms", r => r.WrapUpMs, NpgsqlDbType.Bigint),
        ("closed_at", r => Utc(r.ClosedAt), NpgsqlDbType.TimestampTz),
        ("wait_ms", r => r.WaitMs, NpgsqlDbType.Bigint),
        ("talk_ms", r => r.TalkMs, NpgsqlDbType.Bigint),
        ("handler_talk_ms", r => r.HandlerTalkMs, NpgsqlDbType.Bigint),
        ("outcome", r => r.Outcome.ToString(), NpgsqlDbType.Text),
        ("unanswered_reason", r => r.UnansweredReason.ToString(), NpgsqlDbType.Text),
        ("abandoned", r => r.Abandoned, NpgsqlDbType.Boolean),
        ("abandoned_short", r => r.AbandonedShort, NpgsqlDbType.Boolean),
        ("transfers", r => r.Transfers, NpgsqlDbType.Integer),
        ("breached_transfers", r => r.BreachedTransfers, NpgsqlDbType.Integer),
        ("end_reason", r => r.EndReason.ToString(), NpgsqlDbType.Text),
        ("topic_id", r => r.TopicId, NpgsqlDbType.Text),
        ("topics", r => r.Topics.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        ("topic_keys", r => r.TopicKeys.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        ("callback_reason", r => r.CallbackReason?.ToString(), NpgsqlDbType.Text),
        ("callback_origin_id", r => r.CallbackOriginId, NpgsqlDbType.Text),
        ("callback_deadline", r => Utc(r.CallbackDeadline), NpgsqlDbType.TimestampTz),
        ("callback_deadline_met", r => r.CallbackDeadlineMet, NpgsqlDbType.Boolean),
        ("follow_up_id", r => r.FollowUpId, NpgsqlDbType.Text),
        ("follow_up_deadline", r => Utc(r.FollowUpDeadline), NpgsqlDbType.TimestampTz),
        ("follow_up_closed_at", r => Utc(r.FollowUpClosedAt), NpgsqlDbType.TimestampTz),
        ("follow_up_deadline_met", r => r.FollowUpDeadlineMet, NpgsqlDbType.Boolean),
        ("deferred_callback_at", r => Utc(r.DeferredCallbackAt), NpgsqlDbType.TimestampTz),
        ("complaint_category", r => r.ComplaintCategory?.ToString(), NpgsqlDbType.Text),
        ("complaint_confirmed", r => r.ComplaintConfirmed, NpgsqlDbType.Boolean),
        ("complaint_reviewed_at", r => Utc(r.ComplaintReviewedAt), NpgsqlDbType.TimestampTz),
        ("survey_score", r => (short?)r.SurveyScore, NpgsqlDbType.Smallint),
        ("survey_scored_at", r => Utc(r.SurveyScoredAt), NpgsqlDbType.TimestampTz),
        ("recordings", r => r.Recordings, NpgsqlDbType.Integer),
    ];

    public static string Names(IEnumerable<string> names) => string.Join(", ", names);

    public static async Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static DateTimeOffset? Utc(DateTimeOffset? at) => at?.ToUniversalTime();
}
