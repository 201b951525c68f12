using ContactCenter.Model;

namespace ContactCenter.Reporting;

/// <summary>
/// The reporting store of a node without a database: the latest version of each interaction and
/// the operators' status stretches, in memory, computed over with the same definitions as SQL.
/// It keeps the newest <c>limit</c> of each, so a long-running demo node or a load run does not
/// grow without end; the durable store is PostgreSQL.
/// </summary>
public sealed class InMemoryReportStore(int limit = InMemoryReportStore.DefaultLimit) : IReportingSink, IReportStore
{
    public const int DefaultLimit = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, InteractionReport> _interactions = [];
    private readonly Queue<string> _interactionOrder = new();
    private readonly Dictionary<(string OperatorId, DateTimeOffset From), OperatorStatusInterval> _statuses = [];
    private readonly Queue<(string OperatorId, DateTimeOffset From)> _statusOrder = new();

    public ValueTask ReportAsync(InteractionReport report, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_interactions.TryGetValue(report.InteractionId, out var stored))
            {
                _interactions[report.InteractionId] = report;
                Keep(_interactionOrder, report.InteractionId, _interactions);
            }
            else if (stored.Revision <= report.Revision)
            {
                _interactions[report.InteractionId] = report;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReportStatusAsync(OperatorStatusInterval interval, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = (interval.OperatorId, interval.From);
            if (_statuses.TryAdd(key, interval))
            {
                Keep(_statusOrder, key, _statuses);
            }
            else
            {
                _statuses[key] = interval;
            }
        }

        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyDictionary<Channel, KpiTotals>> TotalsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        List<InteractionReport> all;
        lock (_lock)
        {
            all = [.. _interactions.Values];
        }

        IReadOnlyDictionary<Channel, KpiTotals> totals = all
            .Where(r => r.Direction == Direction.Inbound
                && r.RegisteredAt >= query.From && r.RegisteredAt < query.To
                && (query.OrganisationId is null || r.OrganisationId == query.OrganisationId))
            .GroupBy(r => r.Channel)
            .ToDictionary(g => g.Key, g => KpiTotals.Of([.. g], all, query));
        return Task.FromResult(totals);
    }

    public Task<IReadOnlyList<OperatorTotals>> OperatorTotalsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        List<InteractionReport> handled;
        List<OperatorStatusInterval> statuses;
        lock (_lock)
        {
            handled = [.. _interactions.Values.Where(r => r.Handled && r.OperatorId is not null
                && r.ClosedAt >= query.From && r.ClosedAt < query.To
                && (query.OrganisationId is null || r.OrganisationId == query.OrganisationId))];
            statuses = [.. _statuses.Values.Where(s => s.From < query.To && s.To > query.From
                && (query.OrganisationId is null || s.OrganisationId == query.OrganisationId))];
        }

        var work = handled.GroupBy(r => r.OperatorId!).ToDictionary(
            g => g.Key,
            g => (Handled: (long)g.Count(), Talk: g.Sum(r => r.HandlerTalkMs), AfterCallWork: g.Sum(r => r.WrapUpMs ?? 0)));
        var time = statuses.GroupBy(s => s.OperatorId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<StatusKey, long>)g
                .GroupBy(s => StatusColumns.Normalise(s.Status, s.Reason))
                .ToDictionary(k => k.Key, k => k.Sum(s => InteractionReportBuilder.Ms(Min(s.To, query.To) - Max(s.From, query.From)))));
        IReadOnlyList<OperatorTotals> result =
        [
            .. work.Keys.Union(time.Keys).Select(id =>
            {
                var (count, talk, afterCallWork) = work.GetValueOrDefault(id);
                return new OperatorTotals(id, count, talk, afterCallWork, time.GetValueOrDefault(id) ?? new Dictionary<StatusKey, long>());
            }),
        ];
        return Task.FromResult(result);
    }

    /// <summary>The stored version of one interaction, or null.</summary>
    public InteractionReport? Find(string interactionId)
    {
        lock (_lock)
        {
            return _interactions.GetValueOrDefault(interactionId);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Remembers a new key in arrival order and forgets the oldest past the limit.</summary>
    private void Keep<TKey, TValue>(Queue<TKey> order, TKey key, Dictionary<TKey, TValue> store)
        where TKey : notnull
    {
        order.Enqueue(key);
        while (order.Count > limit)
        {
            store.Remove(order.Dequeue());
        }
    }
}
