using ContactCenter.Interactions;

namespace ContactCenter.Statistics;

/// <summary>
/// The arithmetic of the live statistics, pure so it is tested with hand-built facts: what one fact
/// adds, and the figures a sum of facts gives.
/// </summary>
public static class LiveCounters
{
    /// <summary>What <paramref name="contactEvent"/> adds to its scopes' counters.</summary>
    public static FigureCounters Count(ContactEvent contactEvent, TimeSpan shortAbandon)
    {
        var counters = new FigureCounters();
        switch (contactEvent.Kind)
        {
            case ContactEventKind.Entered:
                counters.Offered = 1;
                break;
            case ContactEventKind.Answered:
                counters.Answered = 1;
                counters.AnsweredWithinTarget = contactEvent.WithinTarget ? 1 : 0;
                counters.AnsweredWait = contactEvent.Wait;
                break;
            case ContactEventKind.Abandoned when contactEvent.Wait <= shortAbandon:
                counters.AbandonedShort = 1;
                break;
            case ContactEventKind.Abandoned:
                counters.Abandoned = 1;
                counters.AbandonedWait = contactEvent.Wait;
                break;
            case ContactEventKind.Unanswered:
                counters.Unanswered = 1;
                break;
            case ContactEventKind.Handled:
                counters.Handled = 1;
                counters.Talk = contactEvent.Talk;
                counters.AfterCallWork = contactEvent.AfterCallWork;
                if (contactEvent.EndReason != ConversationEnd.None)
                {
                    counters.Endings[contactEvent.EndReason] = 1;
                }

                break;
            case ContactEventKind.Transferred:
                counters.Transfers = 1;
                break;
            case ContactEventKind.TransferBreached:
                counters.BreachedTransfers = 1;
                break;
        }

        return counters;
    }

    public static FigureSet Figures(FigureCounters c)
    {
        var served = c.Answered + c.Abandoned;
        var handled = c.Handled;
        var offered = c.Offered - c.AbandonedShort;
        return new FigureSet(
            c.Offered,
            c.Answered,
            c.Abandoned,
            c.AbandonedShort,
            c.Unanswered,
            ServiceLevel: served == 0 ? null : (double)c.AnsweredWithinTarget / served,
            AverageSpeedOfAnswer: Average(c.AnsweredWait, c.Answered),
            AverageWait: Average(c.AnsweredWait + c.AbandonedWait, served),
            handled,
            AverageHandleTime: Average(c.Talk + c.AfterCallWork, handled),
            AverageTalkTime: Average(c.Talk, handled),
            AverageAfterCallWork: Average(c.AfterCallWork, handled),
            c.Transfers,
            c.BreachedTransfers,
            new Dictionary<ConversationEnd, long>(c.Endings),
            AbandonedShare: offered <= 0 ? null : (double)c.Abandoned / offered);
    }

    private static TimeSpan? Average(TimeSpan total, long count) => count == 0 ? null : total / count;
}

/// <summary>
/// A scope's counters by minute for the sliding window, and for the local day. A fact arriving for
/// a minute already out of the window still counts for its day.
/// </summary>
[GenerateSerializer]
public sealed class LiveWindow
{
    [Id(0)] public DateOnly Day { get; set; }
    [Id(1)] public FigureCounters Today { get; set; } = new();
    [Id(2)] public Dictionary<DateTimeOffset, FigureCounters> Minutes { get; set; } = [];

    public void Merge(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes, TimeZoneInfo zone, DateTimeOffset now, TimeSpan window)
    {
        RollOver(zone, now, window);
        foreach (var (minute, counters) in minutes)
        {
            if (LocalDay(minute, zone) == Day)
            {
                Today.Add(counters);
            }

            if (minute >= WindowStart(now, window))
            {
                if (!Minutes.TryGetValue(minute, out var bucket))
                {
                    Minutes[minute] = bucket = new FigureCounters();
                }

                bucket.Add(counters);
            }
        }
    }

    public (FigureCounters Today, FigureCounters Window) Read(TimeZoneInfo zone, DateTimeOffset now, TimeSpan window)
    {
        RollOver(zone, now, window);
        var sum = new FigureCounters();
        foreach (var bucket in Minutes.Values)
        {
            sum.Add(bucket);
        }

        return (Today, sum);
    }

    /// <summary>Starts a new day at local midnight and forgets minutes that left the window.</summary>
    private void RollOver(TimeZoneInfo zone, DateTimeOffset now, TimeSpan window)
    {
        var today = LocalDay(now, zone);
        if (today != Day)
        {
            Day = today;
            Today = new FigureCounters();
        }

        var start = WindowStart(now, window);
        foreach (var old in Minutes.Keys.Where(minute => minute < start).ToList())
        {
            Minutes.Remove(old);
        }
    }

    /// <summary>The window is whole minutes: the current one and those before it, <paramref name="window"/> in all.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        MinuteOf(now) - window + TimeSpan.FromMinutes(1);

    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
