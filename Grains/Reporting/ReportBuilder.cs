using ContactCenter.Directory;
using ContactCenter.Model;
using Microsoft.Extensions.Options;

namespace ContactCenter.Reporting;

/// <summary>
/// The reports over the store: the ОДКЦ form rows 13–20 for a half-year, the per-operator day,
/// and KPI compliance for any period. The store sums; this finishes ratios the same way for
/// PostgreSQL and memory.
/// </summary>
public sealed class ReportBuilder(IReportStore store, IOptions<ReportOptions> options)
{
    public async Task<OdkcReport> OdkcAsync(int year, int half, string? timeZoneId, string? organisationId, CancellationToken cancellationToken = default)
    {
        var period = ReportPeriod.HalfYear(year, half, Zone(timeZoneId));
        var figures = Kpis.From(await store.TotalsAsync(Query(period, organisationId), cancellationToken));
        return new OdkcReport(year, half, period, organisationId, figures, OdkcRows(figures));
    }

    public async Task<KpiComplianceReport> ComplianceAsync(
        DateOnly firstDay, DateOnly lastDay, string? timeZoneId, string? organisationId, CancellationToken cancellationToken = default)
    {
        var period = ReportPeriod.Days(firstDay, lastDay, Zone(timeZoneId));
        var figures = Kpis.From(await store.TotalsAsync(Query(period, organisationId), cancellationToken));
        return new KpiComplianceReport(period, organisationId, figures, KpiCompliance.Check(figures));
    }

    public async Task<OperatorDailyReport> OperatorDailyAsync(DateOnly day, string? timeZoneId, string? organisationId, CancellationToken cancellationToken = default)
    {
        var period = ReportPeriod.Days(day, day, Zone(timeZoneId));
        var totals = await store.OperatorTotalsAsync(Query(period, organisationId), cancellationToken);
        return new OperatorDailyReport(period, organisationId, [.. totals.OrderBy(t => t.OperatorId, StringComparer.Ordinal).Select(OperatorDayOf)]);
    }

    public static OperatorDay OperatorDayOf(OperatorTotals t) => new(
        t.OperatorId,
        t.Handled,
        t.Handled == 0 ? null : TimeSpan.FromMilliseconds((double)(t.TalkMs + t.AfterCallWorkMs) / t.Handled),
        t.Handled == 0 ? null : TimeSpan.FromMilliseconds((double)t.AfterCallWorkMs / t.Handled),
        t.StatusMs.ToDictionary(s => s.Key, s => TimeSpan.FromMilliseconds(s.Value)));

    /// <summary>Rows 13–20, rounded as the form is filled in: seconds and percent to 0.1, points and minutes to 0.01.</summary>
    public static IReadOnlyList<OdkcRow> OdkcRows(KpiFigures f) =>
    [
        new("13", "Общее количество принятых обращений", "штук", f.Contacts),
        .. Enum.GetValues<Channel>().Select(channel => new OdkcRow(
            "14", $"Количество принятых обращений, в разрезе каналов связи: {ChannelNames.Of(channel)}", "штук", f.ContactsByChannel[channel])),
        new("15", "Среднее время ожидания при обращении клиента по телефонным каналам связи после прослушивания голосового меню", "секунд",
            Round(f.AverageWait?.TotalSeconds, 1)),
        new("16", "Уровень удовлетворенности клиентов, по балльной шкале", "балл", Round(f.CsatAverage, 2)),
        new("17", "Доля обращений клиентов, при которых вопрос решен при первом обращении", "в процентах", Round(f.FirstContactResolution * 100, 1)),
        new("18", "Доля потерянных вызовов", "в процентах", Round(f.LostShare * 100, 1)),
        new("19", "Среднее время обработки заявки оператором", "минут", Round(f.AverageHandleTime?.TotalMinutes, 2)),
        new("20", "Количество подтвержденных жалоб на деятельность контакт-центра и операторов контакт-центра", "штук", f.ComplaintsConfirmed),
    ];

    private ReportQuery Query(ReportPeriod period, string? organisationId) =>
        new(period.From, period.To, organisationId, ServiceLevelTarget.Regulated.AnswerWithin, options.Value.FcrWindow);

    private TimeZoneInfo Zone(string? id) => ReportPeriod.FindZone(id, options.Value.TimeZoneId);

    private static double? Round(double? value, int digits) =>
        value is { } v ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : null;
}

/// <summary>The regulated bounds of SPEC §6 (seeds 000, 001, 002 annex 1), checked on a period's figures.</summary>
public static class KpiCompliance
{
    public static IReadOnlyList<KpiCheck> Check(KpiFigures f) =>
    [
        // Annex 1: 40 to 60 s after the IVR; 60 is the limit, 40 the goal.
        Check("average_wait", "seconds", f.AverageWait?.TotalSeconds, KpiComparison.AtMost, 60, 40),
        Check("service_level_20s", "percent", f.ServiceLevel * 100, KpiComparison.AtLeast, ServiceLevelTarget.Regulated.Percent, null),
        Check("average_handling_time", "minutes", f.AverageHandleTime?.TotalMinutes, KpiComparison.AtMost, 7.5, null),
        Check("lost_share", "percent", f.LostShare * 100, KpiComparison.AtMost, 10, 5),
        Check("first_contact_resolution", "percent", f.FirstContactResolution * 100, KpiComparison.AtLeast, 80, 85),
        Check("csat_average", "points", f.CsatAverage, KpiComparison.AtLeast, 4.25, null),
        Check("csat_satisfied", "percent", f.CsatSatisfiedShare * 100, KpiComparison.AtLeast, 85, null),
        Check("csat_dissatisfied", "percent", f.CsatDissatisfiedShare * 100, KpiComparison.AtMost, 10, null),
    ];

    private static KpiCheck Check(string kpi, string unit, double? value, KpiComparison comparison, double limit, double? goal)
    {
        var verdict = value is not { } v ? KpiVerdict.NoData
            : (comparison == KpiComparison.AtMost ? v <= limit + 1e-9 : v >= limit - 1e-9) ? KpiVerdict.Pass
            : KpiVerdict.Fail;
        return new KpiCheck(kpi, unit, value, comparison, limit, goal, verdict);
    }
}
