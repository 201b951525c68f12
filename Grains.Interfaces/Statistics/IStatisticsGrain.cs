using Orleans.Concurrency;

namespace ContactCenter.Statistics;

/// <summary>
/// The live figures of one scope: <c>queue/&lt;id&gt;</c>, <c>organisation/&lt;id&gt;</c>,
/// <c>region/&lt;id&gt;</c> or <c>operator/&lt;id&gt;</c> (see <see cref="StatisticsScopes"/>).
/// </summary>
public interface IStatisticsGrain : IGrainWithStringKey
{
    /// <summary>Adds per-minute counters (keyed by the minute's start, UTC) collected on a silo.</summary>
    [OneWay]
    Task MergeAsync(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes);

    /// <summary>
    /// Adds the counters and saves them before answering: a stopping silo's last flush, which a
    /// one-way message could lose when the grain deactivates with that silo.
    /// </summary>
    Task MergeAndSaveAsync(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes);

    ValueTask<LiveFigures> GetAsync();
}

public static class StatisticsScopes
{
    public const string Queue = "queue";
    public const string Organisation = "organisation";
    public const string Region = "region";
    public const string Operator = "operator";

    public static string Of(string kind, string id) => $"{kind}/{id}";

    /// <summary>Every scope a fact counts in.</summary>
    public static IEnumerable<string> For(ContactEvent contactEvent)
    {
        yield return Of(Queue, contactEvent.QueueId);
        yield return Of(Organisation, contactEvent.OrganisationId);
        yield return Of(Region, contactEvent.RegionId);
        if (contactEvent.OperatorId is { } operatorId)
        {
            yield return Of(Operator, operatorId);
        }
    }
}
