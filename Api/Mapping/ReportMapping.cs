using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Reporting;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>Reports, the staffing estimate and the interaction's survey score on the wire.</summary>
public static class ReportMapping
{
    /// <summary>Fills the survey fields of <paramref name="message"/> (Interaction fields 70-74).</summary>
    public static void AddSurvey(this P.Interaction message, InteractionView view)
    {
        if (view.SurveyScore is { } survey)
        {
            message.SurveyScore = survey.Score;
            message.SurveyPostedAt = Timestamp.FromDateTimeOffset(survey.PostedAt);
        }
    }

    public static P.OdkcReport ToProto(this OdkcReport report)
    {
        var message = new P.OdkcReport
        {
            Year = report.Year,
            Half = report.Half,
            Period = report.Period.ToProto(),
            OrganisationId = report.OrganisationId ?? string.Empty,
            Figures = report.Figures.ToProto(),
        };
        message.Rows.Add(report.Rows.Select(row =>
        {
            var r = new P.OdkcRow { Row = row.Row, Indicator = row.Indicator, Unit = row.Unit };
            if (row.Value is { } value)
            {
                r.Value = value;
            }

            return r;
        }));
        return message;
    }

    public static P.OperatorDailyReport ToProto(this OperatorDailyReport report)
    {
        var message = new P.OperatorDailyReport { Period = report.Period.ToProto(), OrganisationId = report.OrganisationId ?? string.Empty };
        message.Operators.Add(report.Operators.Select(o =>
        {
            var day = new P.OperatorDay
            {
                OperatorId = o.OperatorId,
                Handled = o.Handled,
                AverageHandleTime = Span(o.AverageHandleTime),
                AverageAfterCallWork = Span(o.AverageAfterCallWork),
            };
            day.TimeInStatus.Add(StatusColumns.All
                .Where(o.TimeInStatus.ContainsKey)
                .Select(s => new P.StatusDuration { Status = s.ToString(), Time = Duration.FromTimeSpan(o.TimeInStatus[s]) }));
            return day;
        }));
        return message;
    }

    public static P.KpiComplianceReport ToProto(this KpiComplianceReport report)
    {
        var message = new P.KpiComplianceReport
        {
            Period = report.Period.ToProto(),
            OrganisationId = report.OrganisationId ?? string.Empty,
            Figures = report.Figures.ToProto(),
        };
        message.Checks.Add(report.Checks.Select(c =>
        {
            var check = new P.KpiCheck
            {
                Kpi = c.Kpi,
                Unit = c.Unit,
                Comparison = c.Comparison == KpiComparison.AtMost ? "at_most" : "at_least",
                Limit = c.Limit,
                Verdict = c.Verdict switch
                {
                    KpiVerdict.Pass => P.KpiVerdict.Pass,
                    KpiVerdict.Fail => P.KpiVerdict.Fail,
                    _ => P.KpiVerdict.NoData,
                },
            };
            if (c.Value is { } value)
            {
                check.Value = value;
            }

            if (c.Goal is { } goal)
            {
                check.Goal = goal;
            }

            return check;
        }));
        return message;
    }

    public static P.KpiFigures ToProto(this KpiFigures f)
    {
        var message = new P.KpiFigures
        {
            Contacts = f.Contacts,
            VoiceContacts = f.ContactsByChannel.GetValueOrDefault(Channel.Voice),
            TextContacts = f.ContactsByChannel.GetValueOrDefault(Channel.Text),
            VideoContacts = f.ContactsByChannel.GetValueOrDefault(Channel.Video),
            Answered = f.Answered,
            Abandoned = f.Abandoned,
            AbandonedShort = f.AbandonedShort,
            Unanswered = f.Unanswered,
            Handled = f.Handled,
            ClosedForInactivity = f.ClosedForInactivity,
            Transferred = f.Transferred,
            BreachedTransfers = f.BreachedTransfers,
            AverageWait = Span(f.AverageWait),
            AverageSpeedOfAnswer = Span(f.AverageSpeedOfAnswer),
            AverageHandleTime = Span(f.AverageHandleTime),
            AverageTalkTime = Span(f.AverageTalkTime),
            AverageAfterCallWork = Span(f.AverageAfterCallWork),
            Complaints = f.Complaints,
            ComplaintsConfirmed = f.ComplaintsConfirmed,
        };
        if (f.ServiceLevel is { } serviceLevel)
        {
            message.ServiceLevel = serviceLevel;
        }

        if (f.LostShare is { } lost)
        {
            message.LostShare = lost;
        }

        if (f.FirstContactResolution is { } fcr)
        {
            message.FirstContactResolution = fcr;
        }

        if (f.CsatAverage is { } csat)
        {
            message.CsatAverage = csat;
        }

        if (f.CsatSatisfiedShare is { } satisfied)
        {
            message.CsatSatisfiedShare = satisfied;
        }

        if (f.CsatDissatisfiedShare is { } dissatisfied)
        {
            message.CsatDissatisfiedShare = dissatisfied;
        }

        return message;
    }

    public static StaffingRequest ToDomain(this P.StaffingRequest request) => new(
        request.Contacts,
        request.Interval?.ToTimeSpan() ?? throw ContactCenterException.Invalid("interval is required"),
        request.AverageHandleTime?.ToTimeSpan() ?? throw ContactCenterException.Invalid("average_handle_time is required"),
        request.TargetPercent / 100,
        request.AnswerWithin?.ToTimeSpan() ?? throw ContactCenterException.Invalid("answer_within is required"));

    public static P.StaffingEstimate ToProto(this StaffingEstimate estimate) => new()
    {
        TrafficErlangs = estimate.TrafficErlangs,
        Operators = estimate.Operators,
        ProbabilityOfWaiting = estimate.ProbabilityOfWaiting,
        ServiceLevel = estimate.ServiceLevel,
        AverageSpeedOfAnswer = Duration.FromTimeSpan(estimate.AverageSpeedOfAnswer),
        Occupancy = estimate.Occupancy,
    };

    private static P.ReportPeriod ToProto(this ReportPeriod period) => new()
    {
        FirstDay = period.FirstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        LastDay = period.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = period.Zone.Id,
        From = Timestamp.FromDateTimeOffset(period.From),
        To = Timestamp.FromDateTimeOffset(period.To),
    };

    private static Duration? Span(TimeSpan? span) => span is { } s ? Duration.FromTimeSpan(s) : null;
}
