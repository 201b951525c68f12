using BenchmarkDotNet.Attributes;
using ContactCenter.Directory;
using ContactCenter.Queues;

namespace ContactCenter.Benchmarks;

/// <summary>
/// Operator frees up: the best eligible head of each of its queues, then the best across them
/// (the decision in OperatorGrain's pull, without the messages). 10,000 waiting in all, split
/// evenly over 1 or 8 queues, each queue scoped to one region when there are 8.
/// </summary>
[MemoryDiagnoser]
public class OperatorFreesUpBenchmarks
{
    private readonly List<(WaitingList Waiting, QueueDefinition Queue)> _queues = [];
    private OperatorCandidate _operator = null!;

    [Params(1, 8)]
    public int Queues { get; set; }

    /// <summary>"all-round": the head of every queue fits; "chat": an all-regions operator with room for chats only.</summary>
    [Params("all-round", "chat")]
    public string Operator { get; set; } = "all-round";

    [GlobalSetup]
    public void Setup()
    {
        var entries = RoutingData.Waiting(10_000);
        for (var q = 0; q < Queues; q++)
        {
            var regions = Queues == 1 ? RoutingData.Regions : RoutingData.Regions.Where((_, r) => r % Queues == q).ToArray();
            var waiting = new WaitingList();
            foreach (var entry in entries.Where(e => regions.Contains(e.RegionId)))
            {
                waiting.Add(entry);
            }

            _queues.Add((waiting, RoutingData.Queue(regions: Queues == 1 ? [] : regions)));
        }

        _operator = Operator == "chat" ? RoutingData.ChatOperator([]) : RoutingData.AllRoundOperator();
    }

    [Benchmark(Description = "best across the operator's queues")]
    public WaitingEntry? BestAcrossQueues() =>
        Matching.BestOf(_queues.Select(q => q.Waiting.InOrder.FirstOrDefault(entry => Matching.IsEligible(_operator, entry, q.Queue, RoutingData.Now))));
}
