using ContactCenter.Model;
using ContactCenter.Operators;

namespace ContactCenter.Reporting;

/// <summary>One row of the ОДКЦ form (seed 002 annex 2), as the form numbers and words it; <see cref="Value"/> null when there is no data.</summary>
public sealed record OdkcRow(string Row, string Indicator, string Unit, double? Value);

/// <summary>Rows 13–20 of the semi-annual activity report, and the figures they come from.</summary>
public sealed record OdkcReport(
    int Year,
    int Half,
    ReportPeriod Period,
    string? OrganisationId,
    KpiFigures Figures,
    IReadOnlyList<OdkcRow> Rows);

/// <summary>One operator's local day: what they finished and their time in each status.</summary>
public sealed record OperatorDay(
    string OperatorId,
    long Handled,
    TimeSpan? AverageHandleTime,
    TimeSpan? AverageAfterCallWork,
    IReadOnlyDictionary<StatusKey, TimeSpan> TimeInStatus);

public sealed record OperatorDailyReport(
    ReportPeriod Period,
    string? OrganisationId,
    IReadOnlyList<OperatorDay> Operators);

public enum KpiVerdict
{
    /// <summary>Nothing in the period to measure it on.</summary>
    NoData = 0,
    Pass = 1,
    Fail = 2,
}

/// <summary>
/// One KPI against its regulated bound (SPEC §6): <see cref="Limit"/> decides pass or fail;
/// <see cref="Goal"/> is the better end of the regulated range where there is one.
/// </summary>
public sealed record KpiCheck(
    string Kpi,
    string Unit,
    double? Value,
    KpiComparison Comparison,
    double Limit,
    double? Goal,
    KpiVerdict Verdict);

public enum KpiComparison
{
    AtMost = 1,
    AtLeast = 2,
}

public sealed record KpiComplianceReport(
    ReportPeriod Period,
    string? OrganisationId,
    KpiFigures Figures,
    IReadOnlyList<KpiCheck> Checks);

/// <summary>Every status column of the per-operator report, in a fixed order so the CSV has a stable shape.</summary>
public static class StatusColumns
{
    public static IReadOnlyList<StatusKey> All { get; } =
    [
        new(OperatorStatus.Available, NotReadyReason.None),
        new(OperatorStatus.Busy, NotReadyReason.None),
        new(OperatorStatus.AfterCallWork, NotReadyReason.None),
        .. Enum.GetValues<NotReadyReason>().Select(reason => new StatusKey(OperatorStatus.NotReady, reason)),
        new(OperatorStatus.Offline, NotReadyReason.None),
    ];

    /// <summary>Reasons only qualify Not ready; anything else recorded with one is counted without it.</summary>
    public static StatusKey Normalise(OperatorStatus status, NotReadyReason reason) =>
        new(status, status == OperatorStatus.NotReady ? reason : NotReadyReason.None);
}

internal static class ChannelNames
{
    public static string Of(Channel channel) => channel.ToString().ToLowerInvariant();
}
