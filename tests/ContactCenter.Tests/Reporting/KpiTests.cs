using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Reporting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Tests.Reporting;

/// <summary>Each KPI on a hand-built set of interactions whose answers are worked out below.</summary>
public sealed class KpiTests
{
    private const string Org = "kpi-org";
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly First = new(2026, 3, 10);
    private static readonly DateOnly Last = new(2026, 3, 20);

    /// <summary>
    /// Voice: v1 answered in 10 s, v2 in 30 s, v5 in 20 s (transferred, the transfer breached),
    /// v7 at once (two days after v1, same citizen, also "pension"); v3 abandoned in 3 s (short),
    /// v4 abandoned in 40 s; v6 found no operator signed in. Text: t1 answered in 50 s, closed for
    /// inactivity. CSAT 5, 4, 2, 1, 3 on v1, v2, v5, t1, v7; v7 carries a confirmed complaint.
    /// </summary>
    private static List<InteractionReport> Set(TimeSpan? repeatAfter = null, string repeatTopic = "pension/payments") =>
    [
        Records.Answered("v1", Day, Org, waitS: 10, talkS: 300, acwS: 60, card: "c1", topics: ["pension/indexation"], csat: 5),
        Records.Answered("v2", Day.AddMinutes(1), Org, waitS: 30, talkS: 200, acwS: 40, card: "c2", topics: ["general"], csat: 4),
        Records.Abandoned("v3", Day.AddMinutes(2), Org, waitS: 3),
        Records.Abandoned("v4", Day.AddMinutes(3), Org, waitS: 40),
        Records.Answered("v5", Day.AddMinutes(4), Org, waitS: 20, talkS: 400, acwS: 20, card: "c3", topics: ["pension"], csat: 2) with { Transfers = 1, BreachedTransfers = 1 },
        Records.Answered("t1", Day.AddMinutes(5), Org, Channel.Text, waitS: 50, talkS: 600, acwS: 0, card: "c4", topics: [], outcome: InteractionOutcome.ClosedForInactivity, csat: 1),
        Records.NotQueued("v6", Day.AddMinutes(6), Org),
        Records.Answered("v7", Day + (repeatAfter ?? TimeSpan.FromDays(2)), Org, waitS: 0, talkS: 100, acwS: 20, card: "c1", topics: [repeatTopic], csat: 3) with
        {
            ComplaintCategory = ComplaintCategory.OperatorConduct,
            ComplaintConfirmed = true,
        },
    ];

    [Fact]
    public async Task Each_kpi_of_the_hand_built_set_has_its_worked_out_value()
    {
        var f = (await ComplianceAsync(Set())).Figures;

        Assert.Equal(8, f.Contacts);
        Assert.Equal((7L, 1L, 0L), (f.ContactsByChannel[Channel.Voice], f.ContactsByChannel[Channel.Text], f.ContactsByChannel[Channel.Video]));

        // Voice answered 4 (waits 10 + 30 + 20 + 0 = 60 s), lost 1 (40 s); the 3-second abandon counts nowhere.
        Assert.Equal((4L + 1, 1L, 1L, 1L), (f.Answered, f.Abandoned, f.AbandonedShort, f.Unanswered));
        Assert.Equal(TimeSpan.FromSeconds(20), f.AverageWait); // (60 + 40) / (4 + 1)
        Assert.Equal(TimeSpan.FromSeconds(15), f.AverageSpeedOfAnswer); // 60 / 4
        Assert.Equal(0.6, f.ServiceLevel!.Value, 9); // 10, 20 and 0 s are within 20 s: 3 / (4 + 1)
        Assert.Equal(0.2, f.LostShare!.Value, 9); // 1 / (6 offered − 1 short)

        // Handled 5: talk 300 + 200 + 400 + 600 + 100 = 1600 s, ACW 60 + 40 + 20 + 0 + 20 = 140 s.
        Assert.Equal(5, f.Handled);
        Assert.Equal(TimeSpan.FromSeconds(348), f.AverageHandleTime);
        Assert.Equal(TimeSpan.FromSeconds(28), f.AverageAfterCallWork);

        // Of 5 answered only v2 and v7 are first-contact resolutions: v1 was repeated, v5 transferred, t1 auto-closed.
        Assert.Equal(0.4, f.FirstContactResolution!.Value, 9);
        Assert.Equal((1L, 1L, 1L), (f.Transferred, f.BreachedTransfers, f.ClosedForInactivity));

        Assert.Equal(3.0, f.CsatAverage!.Value, 9);
        Assert.Equal(0.4, f.CsatSatisfiedShare!.Value, 9);
        Assert.Equal(0.4, f.CsatDissatisfiedShare!.Value, 9);
        Assert.Equal((1L, 1L), (f.Complaints, f.ComplaintsConfirmed));
    }

    [Fact]
    public async Task Compliance_passes_or_fails_each_kpi_against_its_regulated_bound()
    {
        var report = await ComplianceAsync(Set());

        var verdicts = report.Checks.ToDictionary(c => c.Kpi, c => c.Verdict);
        Assert.Equal(KpiVerdict.Pass, verdicts["average_wait"]); // 20 s ≤ 60 s
        Assert.Equal(KpiVerdict.Fail, verdicts["service_level_20s"]); // 60 % < 90 %
        Assert.Equal(KpiVerdict.Pass, verdicts["average_handling_time"]); // 5.8 min ≤ 7.5
        Assert.Equal(KpiVerdict.Fail, verdicts["lost_share"]); // 20 % > 10 %
        Assert.Equal(KpiVerdict.Fail, verdicts["first_contact_resolution"]);
        Assert.Equal(KpiVerdict.Fail, verdicts["csat_average"]);
        Assert.Equal(KpiVerdict.Fail, verdicts["csat_satisfied"]);
        Assert.Equal(KpiVerdict.Fail, verdicts["csat_dissatisfied"]);
        Assert.Equal(5.8, report.Checks.Single(c => c.Kpi == "average_handling_time").Value!.Value, 9);
    }

    [Fact]
    public async Task A_good_period_passes_every_kpi()
    {
        var good = Enumerable.Range(0, 20)
            .Select(i => Records.Answered($"g{i}", Day.AddMinutes(i), Org, waitS: 5, talkS: 240, acwS: 30, csat: i == 0 ? 3 : 5))
            .ToList();

        var report = await ComplianceAsync(good);

        Assert.All(report.Checks, check => Assert.Equal(KpiVerdict.Pass, check.Verdict));
    }

    [Fact]
    public async Task With_no_interactions_every_count_is_zero_and_every_kpi_has_no_data()
    {
        var report = await ComplianceAsync([]);

        var f = report.Figures;
        Assert.Equal(0, f.Contacts);
        Assert.All(f.ContactsByChannel.Values, count => Assert.Equal(0, count));
        Assert.Null(f.AverageWait);
        Assert.Null(f.ServiceLevel);
        Assert.Null(f.LostShare);
        Assert.Null(f.AverageHandleTime);
        Assert.Null(f.FirstContactResolution);
        Assert.Null(f.CsatAverage);
        Assert.All(report.Checks, check => Assert.Equal((KpiVerdict.NoData, (double?)null), (check.Verdict, check.Value)));
    }

    [Fact]
    public async Task Only_abandons_within_five_seconds_leave_no_lost_call_and_no_service_level_to_measure()
    {
        var report = await ComplianceAsync([Records.Abandoned("s1", Day, Org, waitS: 2), Records.Abandoned("s2", Day, Org, waitS: 5)]);

        Assert.Equal((2L, 0L, 2L), (report.Figures.Contacts, report.Figures.Abandoned, report.Figures.AbandonedShort));
        Assert.Null(report.Figures.LostShare);
        Assert.Null(report.Figures.ServiceLevel);
        Assert.Equal(KpiVerdict.NoData, report.Checks.Single(c => c.Kpi == "lost_share").Verdict);
    }

    [Theory]
    [InlineData(8 * 24, "pension/payments", 0.6)] // the repeat is past the 7-day window: v1 counts
    [InlineData(48, "general", 0.6)] // the repeat is on another topic: v1 counts
    [InlineData(7 * 24, "pension", 0.4)] // exactly 7 days later is still within the window
    public async Task A_repeat_contact_spoils_first_contact_resolution_only_within_the_window_and_on_a_shared_topic(int hoursLater, string topic, double fcr)
    {
        var f = (await ComplianceAsync(Set(TimeSpan.FromHours(hoursLater), topic))).Figures;

        Assert.Equal(fcr, f.FirstContactResolution!.Value, 9);
    }

    [Fact]
    public async Task A_repeat_after_the_period_ends_still_counts_against_first_contact_resolution()
    {
        var store = new InMemoryReportStore();
        await store.ReportAsync(Records.Answered("p1", Day, Org, card: "c9", topics: ["pension"]));
        await store.ReportAsync(Records.Answered("p2", Day.AddDays(2), Org, card: "c9", topics: ["pension"]));

        var report = await Builder(store).ComplianceAsync(First, First, "UTC", Org);

        Assert.Equal(1, report.Figures.Contacts);
        Assert.Equal(0.0, report.Figures.FirstContactResolution!.Value, 9);
    }

    [Fact]
    public async Task Callback_tasks_and_other_organisations_stay_out_of_an_organisations_kpis()
    {
        var store = new InMemoryReportStore();
        await store.ReportAsync(Records.Answered("o1", Day, Org));
        await store.ReportAsync(Records.Answered("o2", Day, Org) with { Direction = Direction.Outbound });
        await store.ReportAsync(Records.Answered("o3", Day, "other-org"));

        var report = await Builder(store).ComplianceAsync(First, Last, "UTC", Org);

        Assert.Equal(1, report.Figures.Contacts);
    }

    [Fact]
    public async Task The_store_keeps_the_latest_revision_whatever_order_versions_arrive_in()
    {
        var store = new InMemoryReportStore();
        var closed = Records.Answered("x1", Day, Org) with { Revision = 10 };
        await store.ReportAsync(closed with { Revision = 12, SurveyScore = 4 });
        await store.ReportAsync(closed);

        Assert.Equal(4, store.Find("x1")!.SurveyScore);
    }

    [Fact]
    public void An_abandon_within_five_seconds_is_flagged_short_and_one_after_is_not()
    {
        var at = Day;
        InteractionReport Abandon(int seconds)
        {
            var record = new InteractionRecord
            {
                Registration = new Registration(Channel.Voice, "+79001234567", "RU-MOW", "ru", null, Org, [], TimeSpan.Zero),
                State = InteractionState.Closed,
                Outcome = InteractionOutcome.Unanswered,
                UnansweredReason = UnansweredReason.CitizenHungUp,
                RegisteredAt = at,
                ClosedAt = at.AddSeconds(seconds),
                Timeline =
                [
                    new TimelineEntry(at, TimelineKind.Registered, "gateway", null),
                    new TimelineEntry(at, TimelineKind.Queued, "system", "q"),
                    new TimelineEntry(at.AddSeconds(seconds), TimelineKind.CitizenEnded, "citizen", null),
                    new TimelineEntry(at.AddSeconds(seconds), TimelineKind.Closed, "system", null),
                ],
            };
            return InteractionReportBuilder.From("i", record, TimeSpan.FromSeconds(5));
        }

        Assert.Equal((true, true, 5000L), (Abandon(5).Abandoned, Abandon(5).AbandonedShort, Abandon(5).WaitMs!.Value));
        Assert.Equal((true, false), (Abandon(6).Abandoned, Abandon(6).AbandonedShort));
    }

    [Fact]
    public void Talk_time_counts_every_connected_stretch_and_the_handler_only_their_own()
    {
        var at = Day;
        List<TimelineEntry> timeline =
        [
            new(at, TimelineKind.Connected, "operator:a", null),
            new(at.AddSeconds(100), TimelineKind.TransferRequested, "operator:a", null),
            new(at.AddSeconds(130), TimelineKind.Connected, "operator:b", null),
            new(at.AddSeconds(330), TimelineKind.WrapUpStarted, "operator:b", null),
        ];

        Assert.Equal((300_000L, 200_000L), InteractionReportBuilder.TalkTimes(timeline));
    }

    private static async Task<KpiComplianceReport> ComplianceAsync(IEnumerable<InteractionReport> records)
    {
        var store = new InMemoryReportStore();
        foreach (var record in records)
        {
            await store.ReportAsync(record);
        }

        return await Builder(store).ComplianceAsync(First, Last, "UTC", Org);
    }

    public static ReportBuilder Builder(IReportStore store) => new(store, Options.Create(new ReportOptions()));
}
