using ContactCenter.Statistics;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

public static class StatisticsMapping
{
    public static P.LiveStatistics ToProto(this LiveFigures figures) => new()
    {
        Scope = figures.Scope,
        AsOf = Timestamp.FromDateTimeOffset(figures.AsOf),
        TimeZoneId = figures.TimeZoneId,
        Today = figures.Today.ToProto(),
        Window = figures.Window.ToProto(),
        WindowLength = Duration.FromTimeSpan(figures.WindowLength),
    };

    public static P.FigureSet ToProto(this FigureSet set)
    {
        var message = new P.FigureSet
        {
            Offered = set.Offered,
            Answered = set.Answered,
            Abandoned = set.Abandoned,
            AbandonedShort = set.AbandonedShort,
            Unanswered = set.Unanswered,
            AverageSpeedOfAnswer = Span(set.AverageSpeedOfAnswer),
            AverageWait = Span(set.AverageWait),
            Handled = set.Handled,
            AverageHandleTime = Span(set.AverageHandleTime),
            AverageTalkTime = Span(set.AverageTalkTime),
            AverageAfterCallWork = Span(set.AverageAfterCallWork),
            Transfers = set.Transfers,
            BreachedTransfers = set.BreachedTransfers,
        };
        if (set.ServiceLevel is { } serviceLevel)
        {
            message.ServiceLevel = serviceLevel;
        }

        if (set.AbandonedShare is { } share)
        {
            message.AbandonedShare = share;
        }

        foreach (var (reason, count) in set.Endings)
        {
            message.Endings[reason.ToString()] = count;
        }

        return message;
    }

    private static Duration? Span(TimeSpan? value) => value is { } span ? Duration.FromTimeSpan(span) : null;
}
