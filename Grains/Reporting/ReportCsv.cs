using System.Globalization;
using System.Text;

namespace ContactCenter.Reporting;

/// <summary>
/// The reports as CSV (RFC 4180): a header line, CRLF line ends, fields with a comma, quote or
/// line break in double quotes with inner quotes doubled; numbers in invariant culture, empty
/// when there is no data.
/// </summary>
public static class ReportCsv
{
    public static string Odkc(OdkcReport report) => Write(
        ["row", "indicator", "unit", "value"],
        report.Rows.Select(r => new[] { r.Row, r.Indicator, r.Unit, Number(r.Value) }));

    public static string OperatorDaily(OperatorDailyReport report) => Write(
        ["operator_id", "handled", "aht_seconds", "acw_seconds", .. StatusColumns.All.Select(s => $"seconds_{s}")],
        report.Operators.Select(o => (IReadOnlyList<string>)
        [
            o.OperatorId,
            Number(o.Handled),
            Number(Seconds(o.AverageHandleTime)),
            Number(Seconds(o.AverageAfterCallWork)),
            .. StatusColumns.All.Select(s => Number(Seconds(o.TimeInStatus.GetValueOrDefault(s)))),
        ]));

    public static string Compliance(KpiComplianceReport report) => Write(
        ["kpi", "unit", "value", "comparison", "limit", "goal", "verdict"],
        report.Checks.Select(c => new[]
        {
            c.Kpi,
            c.Unit,
            Number(c.Value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null),
            c.Comparison == KpiComparison.AtMost ? "at_most" : "at_least",
            Number(c.Limit),
            Number(c.Goal),
            c.Verdict.ToString(),
        }));

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows)
        {
            Line(csv, row);
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }

    private static double? Seconds(TimeSpan? span) => span is { } s ? Math.Round(s.TotalSeconds, 1, MidpointRounding.AwayFromZero) : null;

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
