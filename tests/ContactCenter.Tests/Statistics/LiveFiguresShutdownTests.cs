using ContactCenter.Model;
using ContactCenter.Statistics;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Tests.Statistics;

/// <summary>
/// A node that stops gracefully (a restart of a one-node centre, the last node of a rolling
/// update) sends the live facts it gathered since its last flush while it can still place the
/// statistics grains, and they save them as they deactivate: the panels keep the last second.
/// </summary>
public sealed class LiveFiguresShutdownTests : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    // Longer than the test: only the stopping silo's last flush can carry the fact.
    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(new Dictionary<string, string?> { ["Statistics:FlushInterval"] = "00:01:00" });

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task The_facts_the_last_silo_gathered_are_saved_when_it_stops()
    {
        var dir = TestDirectory.Create().Queue("l1");
        await dir.ApplyAsync(_cluster.Grains);
        var silos = _cluster.Cluster.Silos.ToList();
        await _cluster.Cluster.StopSiloAsync(silos[1]);
        var last = silos[0];
        var now = _cluster.Time.GetUtcNow();

        last.ServiceProvider.GetRequiredService<LiveFiguresCollector>().Record(new ContactEvent(
            ContactEventKind.Entered, now, dir.Id("l1"), dir.Organisation, TestDirectory.Moscow, null, Channel.Voice));
        await _cluster.Cluster.StopSiloAsync(last);

        // The next node to start reads them back.
        var next = await _cluster.Cluster.StartAdditionalSiloAsync();
        var figures = await next.ServiceProvider.GetRequiredService<IGrainFactory>()
            .GetGrain<IStatisticsGrain>(StatisticsScopes.Of(StatisticsScopes.Queue, dir.Id("l1"))).GetAsync();
        Assert.Equal((1L, 1L), (figures.Today.Offered, figures.Window.Offered));
    }
}
