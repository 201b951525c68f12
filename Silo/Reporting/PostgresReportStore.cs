using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Reporting;
using Npgsql;

namespace ContactCenter.Silo.Reporting;

/// <summary>
/// The reports' sums and counts in SQL over the reporting tables; <see cref="KpiTotals"/> documents
/// each definition and computes the same over memory.
/// </summary>
public sealed class PostgresReportStore(NpgsqlDataSource dataSource) : IReportStore
{
    private const string Totals = """
        SELECT channel,
               count(*),
               count(*) FILTER (WHERE queued_at IS NOT NULL),
               count(*) FILTER (WHERE connected_at IS NOT NULL),
               count(*) FILTER (WHERE connected_at IS NOT NULL AND wait_ms <= @answer_within_ms),
               coalesce(sum(wait_ms) FILTER (WHERE connected_at IS NOT NULL), 0)::bigint,
               count(*) FILTER (WHERE abandoned AND NOT abandoned_short),
               coalesce(sum(wait_ms) FILTER (WHERE abandoned AND NOT abandoned_short), 0)::bigint,
               count(*) FILTER (WHERE abandoned_short),
               count(*) FILTER (WHERE outcome = 'Unanswered' AND NOT abandoned),
               count(*) FILTER (WHERE wrap_up_started_at IS NOT NULL),
               coalesce(sum(talk_ms) FILTER (WHERE wrap_up_started_at IS NOT NULL), 0)::bigint,
               coalesce(sum(wrap_up_ms) FILTER (WHERE wrap_up_started_at IS NOT NULL), 0)::bigint,
               count(*) FILTER (WHERE transfers > 0),
               coalesce(sum(transfers), 0)::bigint,
               coalesce(sum(breached_transfers), 0)::bigint,
               count(*) FILTER (WHERE outcome = 'ClosedForInactivity'),
               count(*) FILTER (WHERE connected_at IS NOT NULL AND outcome = 'Resolved' AND transfers = 0 AND NOT EXISTS (
                   SELECT 1 FROM cc_report_interaction repeat
                   WHERE repeat.citizen_card_id = i.citizen_card_id
                     AND repeat.direction = 'Inbound'
                     AND repeat.interaction_id <> i.interaction_id
                     AND repeat.registered_at > i.registered_at
                     AND repeat.registered_at <= i.registered_at + @fcr_window
                     AND repeat.topic_keys && i.topic_keys)),
               count(survey_score),
               coalesce(sum(survey_score), 0)::bigint,
               count(*) FILTER (WHERE survey_score >= 4),
               count(*) FILTER (WHERE survey_score <= 2),
               count(complaint_category),
               count(*) FILTER (WHERE complaint_confirmed)
        FROM cc_report_interaction i
        WHERE direction = 'Inbound'
          AND registered_at >= @from AND registered_at < @to
          AND (@organisation_id::text IS NULL OR organisation_id = @organisation_id)
        GROUP BY channel
        """;

    private const string OperatorWork = """
        SELECT operator_id, count(*), coalesce(sum(handler_talk_ms), 0)::bigint, coalesce(sum(wrap_up_ms), 0)::bigint
        FROM cc_report_interaction
        WHERE wrap_up_started_at IS NOT NULL AND operator_id IS NOT NULL
          AND closed_at >= @from AND closed_at < @to
          AND (@organisation_id::text IS NULL OR organisation_id = @organisation_id)
        GROUP BY operator_id
        """;

    // Each stretch clipped to the period, rounded to the millisecond before summing, as in memory.
    private const string OperatorTime = """
        SELECT operator_id, status, reason,
               sum(round(extract(epoch FROM least(ended_at, @to) - greatest(started_at, @from)) * 1000))::bigint
        FROM cc_report_operator_status
        WHERE started_at < @to AND ended_at > @from
          AND (@organisation_id::text IS NULL OR organisation_id = @organisation_id)
        GROUP BY operator_id, status, reason
        """;

    public async Task<IReadOnlyDictionary<Channel, KpiTotals>> TotalsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = Command(Totals, query);
        command.Parameters.AddWithValue("answer_within_ms", InteractionReportBuilder.Ms(query.AnswerWithin));
        command.Parameters.AddWithValue("fcr_window", query.FcrWindow);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new Dictionary<Channel, KpiTotals>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var column = 1;
            long Next() => reader.GetInt64(column++);
            totals[Enum.Parse<Channel>(reader.GetString(0))] = new KpiTotals
            {
                Contacts = Next(),
                Offered = Next(),
                Answered = Next(),
                AnsweredWithinTarget = Next(),
                AnsweredWaitMs = Next(),
                Abandoned = Next(),
                AbandonedWaitMs = Next(),
                AbandonedShort = Next(),
                Unanswered = Next(),
                Handled = Next(),
                TalkMs = Next(),
                AfterCallWorkMs = Next(),
                Transferred = Next(),
                Transfers = Next(),
                BreachedTransfers = Next(),
                ClosedForInactivity = Next(),
                ResolvedFirstContact = Next(),
                Surveyed = Next(),
                SurveyScoreSum = Next(),
                Satisfied = Next(),
                Dissatisfied = Next(),
                Complaints = Next(),
                ComplaintsConfirmed = Next(),
            };
        }

        return totals;
    }

    public async Task<IReadOnlyList<OperatorTotals>> OperatorTotalsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        var work = new Dictionary<string, (long Handled, long Talk, long AfterCallWork)>();
        await using (var command = Command(OperatorWork, query))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                work[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var time = new Dictionary<string, Dictionary<StatusKey, long>>();
        await using (var command = Command(OperatorTime, query))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = StatusColumns.Normalise(Enum.Parse<OperatorStatus>(reader.GetString(1)), Enum.Parse<NotReadyReason>(reader.GetString(2)));
                if (!time.TryGetValue(reader.GetString(0), out var statuses))
                {
                    time[reader.GetString(0)] = statuses = [];
                }

                statuses[key] = statuses.GetValueOrDefault(key) + reader.GetInt64(3);
            }
        }

        return
        [
            .. work.Keys.Union(time.Keys).Select(id =>
            {
                var (handled, talk, afterCallWork) = work.GetValueOrDefault(id);
                return new OperatorTotals(id, handled, talk, afterCallWork, time.GetValueOrDefault(id) ?? []);
            }),
        ];
    }

    private NpgsqlCommand Command(string sql, ReportQuery query)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("from", query.From.ToUniversalTime());
        command.Parameters.AddWithValue("to", query.To.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("organisation_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.OrganisationId ?? DBNull.Value });
        return command;
    }
}
