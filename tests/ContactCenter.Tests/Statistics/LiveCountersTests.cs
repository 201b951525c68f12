using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Statistics;

namespace ContactCenter.Tests.Statistics;

public sealed class LiveCountersTests
{
    private static readonly TimeSpan ShortAbandon = TimeSpan.FromSeconds(5);
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static ContactEvent Fact(ContactEventKind kind, double waitSeconds = 0, bool within = false, double talkSeconds = 0, double acwSeconds = 0, ConversationEnd end = ConversationEnd.None) =>
        new(kind, T0, "q", "org", "RU-MOW", "op", Channel.Voice, TimeSpan.FromSeconds(waitSeconds), within, TimeSpan.FromSeconds(talkSeconds), TimeSpan.FromSeconds(acwSeconds), end);

    private static FigureSet FiguresOf(params ContactEvent[] facts)
    {
        var sum = new FigureCounters();
        foreach (var fact in facts)
        {
            sum.Add(LiveCounters.Count(fact, ShortAbandon));
        }

        return LiveCounters.Figures(sum);
    }

    [Fact]
    public void A_hand_built_day_gives_the_known_figures()
    {
        var figures = FiguresOf(
            Fact(ContactEventKind.Entered), Fact(ContactEventKind.Entered), Fact(ContactEventKind.Entered),
            Fact(ContactEventKind.Entered), Fact(ContactEventKind.Entered), Fact(ContactEventKind.Entered),
            Fact(ContactEventKind.Answered, waitSeconds: 10, within: true),
            Fact(ContactEventKind.Answered, waitSeconds: 30, within: false),
            Fact(ContactEventKind.Answered, waitSeconds: 5, within: true),
            Fact(ContactEventKind.Abandoned, waitSeconds: 3),
            Fact(ContactEventKind.Abandoned, waitSeconds: 40),
            Fact(ContactEventKind.Unanswered),
            Fact(ContactEventKind.Handled, talkSeconds: 100, acwSeconds: 20, end: ConversationEnd.ByOperator),
            Fact(ContactEventKind.Handled, talkSeconds: 200, acwSeconds: 40, end: ConversationEnd.CitizenInactive),
            Fact(ContactEventKind.Transferred),
            Fact(ContactEventKind.TransferBreached));

        Assert.Equal((6L, 3L, 1L, 1L, 1L), (figures.Offered, figures.Answered, figures.Abandoned, figures.AbandonedShort, figures.Unanswered));

        // Two of three answered in time, against the three answered and the one who left after 5 s.
        Assert.Equal(0.5, figures.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(15), figures.AverageSpeedOfAnswer);
        Assert.Equal(TimeSpan.FromSeconds(21.25), figures.AverageWait);
        Assert.Equal(TimeSpan.FromSeconds(180), figures.AverageHandleTime);
        Assert.Equal(TimeSpan.FromSeconds(150), figures.AverageTalkTime);
        Assert.Equal(TimeSpan.FromSeconds(30), figures.AverageAfterCallWork);
        Assert.Equal((1L, 1L), (figures.Transfers, figures.BreachedTransfers));
        Assert.Equal(1L, figures.Endings[ConversationEnd.CitizenInactive]);
        Assert.Equal(1L, figures.Endings[ConversationEnd.ByOperator]);

        // The short abandon is out of the lost share: 1 lost of 5 offered.
        Assert.Equal(0.2, figures.AbandonedShare);
    }

    [Fact]
    public void No_contacts_give_counts_of_zero_and_no_ratios()
    {
        var figures = FiguresOf();

        Assert.Equal(0, figures.Offered);
        Assert.Null(figures.ServiceLevel);
        Assert.Null(figures.AverageSpeedOfAnswer);
        Assert.Null(figures.AverageHandleTime);
        Assert.Null(figures.AbandonedShare);
        Assert.Empty(figures.Endings);
    }

    [Theory]
    [InlineData(4.9, true)]
    [InlineData(5.0, true)]
    [InlineData(5.1, false)]
    public void An_abandon_within_five_seconds_is_reported_apart_and_out_of_service_level(double waitSeconds, bool isShort)
    {
        var figures = FiguresOf(Fact(ContactEventKind.Entered), Fact(ContactEventKind.Abandoned, waitSeconds: waitSeconds));

        Assert.Equal(isShort ? (1L, 0L) : (0L, 1L), (figures.AbandonedShort, figures.Abandoned));
        Assert.Equal(isShort ? null : 0.0, figures.ServiceLevel);
    }

    [Fact]
    public void The_window_keeps_the_last_fifteen_minutes_and_the_day_starts_at_local_midnight()
    {
        var window = new LiveWindow();
        var offered = LiveCounters.Count(Fact(ContactEventKind.Entered), ShortAbandon);

        // 23:50 and 23:58 Moscow on the 24th, then 00:03 on the 25th.
        var late = new DateTimeOffset(2026, 11, 24, 20, 50, 0, TimeSpan.Zero);
        window.Merge(new Dictionary<DateTimeOffset, FigureCounters> { [late] = offered }, Moscow, late, Window);
        window.Merge(new Dictionary<DateTimeOffset, FigureCounters> { [late.AddMinutes(8)] = offered }, Moscow, late.AddMinutes(8), Window);
        var afterMidnight = late.AddMinutes(13);
        window.Merge(new Dictionary<DateTimeOffset, FigureCounters> { [afterMidnight] = offered }, Moscow, afterMidnight, Window);

        var (today, recent) = window.Read(Moscow, afterMidnight, Window);
        Assert.Equal(1, today.Offered);
        Assert.Equal(3, recent.Offered);

        // Fifteen minutes after 23:50 the first minute has left the window.
        var (_, later) = window.Read(Moscow, late.AddMinutes(15), Window);
        Assert.Equal(2, later.Offered);
    }

    [Fact]
    public void A_late_fact_for_yesterday_counts_in_no_today()
    {
        var window = new LiveWindow();
        var now = new DateTimeOffset(2026, 11, 24, 21, 1, 0, TimeSpan.Zero); // 00:01 on the 25th in Moscow
        var yesterday = now.AddMinutes(-2);

        window.Merge(new Dictionary<DateTimeOffset, FigureCounters> { [yesterday] = LiveCounters.Count(Fact(ContactEventKind.Entered), ShortAbandon) }, Moscow, now, Window);

        var (today, recent) = window.Read(Moscow, now, Window);
        Assert.Equal((0L, 1L), (today.Offered, recent.Offered));
    }
}
