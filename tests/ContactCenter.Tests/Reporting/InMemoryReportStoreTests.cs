using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Reporting;

namespace ContactCenter.Tests.Reporting;

/// <summary>The database-less store keeps the newest records up to its limit, and later revisions do not count as new.</summary>
public sealed class InMemoryReportStoreTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Past_its_limit_the_store_forgets_the_oldest_interactions_and_status_stretches()
    {
        var store = new InMemoryReportStore(limit: 2);

        await store.ReportAsync(Records.Abandoned("i-1", Day, "org", 10));
        await store.ReportAsync(Records.Abandoned("i-2", Day, "org", 10));
        await store.ReportAsync(Records.Abandoned("i-1", Day, "org", 20) with { Revision = 5 });
        await store.ReportAsync(Records.Abandoned("i-3", Day, "org", 10));
        for (var minute = 0; minute < 3; minute++)
        {
            await store.ReportStatusAsync(new OperatorStatusInterval("op", "org", OperatorStatus.Available, NotReadyReason.None, Day.AddMinutes(minute), Day.AddMinutes(minute + 1)));
        }

        var statuses = await store.OperatorTotalsAsync(new ReportQuery(Day, Day.AddDays(1), "org", TimeSpan.FromSeconds(20), TimeSpan.FromDays(7)));

        Assert.Null(store.Find("i-1"));
        Assert.NotNull(store.Find("i-2"));
        Assert.NotNull(store.Find("i-3"));
        Assert.Equal(2 * 60_000L, Assert.Single(statuses).StatusMs.Values.Sum());
    }
}
