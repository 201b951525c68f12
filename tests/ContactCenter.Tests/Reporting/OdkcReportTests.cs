using ContactCenter.Model;
using ContactCenter.Reporting;

namespace ContactCenter.Tests.Reporting;

/// <summary>The ОДКЦ form on a seeded half-year (see <see cref="Records.HalfYear"/>), worked out by hand.</summary>
public sealed class OdkcReportTests
{
    private const string Org = "odkc-org";

    /// <summary>
    /// 181 days (d = 0..180). Voice: 181 daily + 91 abandoned (even days) + 26 repeats
    /// (d = 0, 7, …, 175) + the 1 January call at 00:10 Moscow = 299; text 181 (the 1 July chats are
    /// past the half-year in Moscow); video 19 (d = 0, 10, …, 180). Total 499.
    /// Row 15: voice answered 208 × 12 s + lost 91 × 30 s = 5,226 s over 299 → 17.5 s.
    /// Row 16: 181 × 5 + 181 × 4 over 362 scores → 4.5. Row 17: 408 answered, of which the 26
    /// repeated calls are not resolved at first contact → 382 / 408 = 93.6 %. Row 18: 91 lost of
    /// 299 offered → 30.4 %. Row 19: talk 208 × 240 + 181 × 420 + 19 × 600 = 137,340 s, ACW
    /// 208 × 60 + 19 × 120 = 14,760 s, over 408 handled = 372.79 s → 6.21 min. Row 20: 19.
    /// </summary>
    public static readonly IReadOnlyList<(string Row, double Value)> Expected =
    [
        ("13", 499), ("14", 299), ("14", 181), ("14", 19), ("15", 17.5), ("16", 4.5), ("17", 93.6), ("18", 30.4), ("19", 6.21), ("20", 19),
    ];

    [Fact]
    public async Task The_seeded_half_year_gives_the_expected_rows_13_to_20()
    {
        var report = await ReportAsync("Europe/Moscow");

        Assert.Equal(Expected, report.Rows.Select(r => (r.Row, r.Value!.Value)));
        Assert.Equal(
            ["voice", "text", "video"],
            report.Rows.Where(r => r.Row == "14").Select(r => r.Indicator.Split(": ")[1]));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 21, 0, 0, TimeSpan.Zero), report.Period.From);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 21, 0, 0, TimeSpan.Zero), report.Period.To);
    }

    [Fact]
    public async Task The_half_year_is_cut_at_midnight_of_the_callers_time_zone()
    {
        // In UTC the 1 January call falls on 31 December and both 1 July chats on 30 June.
        var report = await ReportAsync("UTC");

        Assert.Equal(500, report.Figures.Contacts);
        Assert.Equal((298L, 183L), (report.Figures.ContactsByChannel[Channel.Voice], report.Figures.ContactsByChannel[Channel.Text]));
    }

    [Fact]
    public async Task The_csv_reads_back_to_the_same_rows()
    {
        var report = await ReportAsync("Europe/Moscow");

        var csv = ReportCsv.Odkc(report);
        var rows = Records.ParseCsv(csv);

        Assert.Equal(["row", "indicator", "unit", "value"], rows[0]);
        Assert.Equal(
            report.Rows.Select(r => (r.Row, r.Indicator, r.Unit, r.Value)),
            rows.Skip(1).Select(r => (r[0], r[1], r[2], (double?)double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture))));
        // The indicators hold commas, so they travel quoted.
        Assert.Contains("\"Количество принятых обращений, в разрезе каналов связи: voice\"", csv);
    }

    [Fact]
    public void Csv_fields_with_quotes_commas_and_line_breaks_round_trip()
    {
        string[][] rows = [["a\"b", "x,y", "line\r\nbreak", "", "plain"], ["1", "2", "3", "4", "5"]];

        var csv = ReportCsv.Write(rows[0], rows.Skip(1));

        Assert.Equal(rows, Records.ParseCsv(csv));
        Assert.StartsWith("\"a\"\"b\",\"x,y\",\"line\r\nbreak\",,plain\r\n", csv);
    }

    [Fact]
    public async Task A_half_year_with_nothing_in_it_reports_zero_counts_and_empty_values()
    {
        var report = await KpiTests.Builder(new InMemoryReportStore()).OdkcAsync(2026, 2, null, Org);

        Assert.All(report.Rows.Where(r => r.Row is "13" or "14" or "20"), r => Assert.Equal(0, r.Value));
        Assert.All(report.Rows.Where(r => r.Row is "15" or "16" or "17" or "18" or "19"), r => Assert.Null(r.Value));
        Assert.Contains("\r\n15,", ReportCsv.Odkc(report));
    }

    [Theory]
    [InlineData(2026, 3, "half")]
    [InlineData(1999, 1, "year")]
    public async Task A_half_year_that_is_not_one_is_an_invalid_argument(int year, int half, string field)
    {
        var refused = await Assert.ThrowsAsync<ContactCenterException>(() => KpiTests.Builder(new InMemoryReportStore()).OdkcAsync(year, half, null, null));

        Assert.Equal(ErrorKind.InvalidArgument, refused.Kind);
        Assert.StartsWith(field, refused.Detail);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_an_invalid_argument()
    {
        var refused = await Assert.ThrowsAsync<ContactCenterException>(() => KpiTests.Builder(new InMemoryReportStore()).OdkcAsync(2026, 1, "Mars/Olympus", null));

        Assert.Equal((ErrorKind.InvalidArgument, true), (refused.Kind, refused.Detail.StartsWith("time_zone", StringComparison.Ordinal)));
    }

    private static async Task<OdkcReport> ReportAsync(string zone)
    {
        var store = new InMemoryReportStore();
        foreach (var record in Records.HalfYear(Org))
        {
            await store.ReportAsync(record);
        }

        return await KpiTests.Builder(store).OdkcAsync(2026, 1, zone, Org);
    }
}
