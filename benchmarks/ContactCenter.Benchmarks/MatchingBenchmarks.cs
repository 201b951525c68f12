using BenchmarkDotNet.Attributes;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Queues;

namespace ContactCenter.Benchmarks;

/// <summary>Interaction arrives: the queue ranks its 1,000 available operators for it (one decision per call).</summary>
[MemoryDiagnoser]
public class RankCandidatesBenchmarks
{
    private List<OperatorCandidate> _candidates = null!;
    private QueueDefinition _queue = null!;
    private WaitingEntry _entry = null!;

    [Params(SelectionStrategy.LongestIdle, SelectionStrategy.MostSkilled, SelectionStrategy.LeastOccupied, SelectionStrategy.RoundRobin)]
    public SelectionStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _candidates = RoutingData.Candidates(1_000);
        _queue = RoutingData.Queue(Strategy);
        _entry = new WaitingEntry("i-1", Channel.Text, "R3", "ru", null, 1, RoutingData.Now.AddMinutes(-2), []);
    }

    [Benchmark(Description = "rank 1,000 operators for one contact")]
    public int Rank() => Matching.RankCandidates(_candidates, _entry, _queue, "op-00500", RoutingData.Now).Count;
}
