using BenchmarkDotNet.Attributes;
using ContactCenter.Directory;
using ContactCenter.Queues;

namespace ContactCenter.Benchmarks;

/// <summary>
/// Operator asks a queue for work: the best waiting contact it may take among 10,000 (the queue
/// grain's PeekAsync), and the list operations a take and an enqueue cost.
/// </summary>
[MemoryDiagnoser]
public class WaitingListBenchmarks
{
    private readonly WaitingList _waiting = new();
    private QueueDefinition _queue = null!;
    private OperatorCandidate _allRound = null!;
    private OperatorCandidate _chat = null!;
    private OperatorCandidate _unqualified = null!;
    private WaitingEntry _head = null!;
    private string _last = null!;

    [GlobalSetup]
    public void Setup()
    {
        foreach (var entry in RoutingData.Waiting(10_000))
        {
            _waiting.Add(entry);
        }

        _queue = RoutingData.Queue();
        _allRound = RoutingData.AllRoundOperator();
        _chat = RoutingData.ChatOperator(["R7"]);
        _unqualified = RoutingData.UnqualifiedOperator();
        _head = _waiting.InOrder.First();
        _last = _waiting.InOrder.Last().InteractionId;
    }

    [Benchmark(Description = "best of 10,000 for an all-round operator (head fits)")]
    public WaitingEntry? BestForAllRound() => Peek(_allRound);

    [Benchmark(Description = "best of 10,000 for a one-region chat operator (~1 in 20 fits)")]
    public WaitingEntry? BestForChatOperator() => Peek(_chat);

    [Benchmark(Description = "best of 10,000 when nothing fits (full scan)")]
    public WaitingEntry? BestWhenNothingFits() => Peek(_unqualified);

    [Benchmark(Description = "take the head and put it back (10,000 waiting)")]
    public bool TakeAndRequeue()
    {
        _waiting.Remove(_head.InteractionId);
        return _waiting.Add(_head);
    }

    [Benchmark(Description = "position of the last of 10,000 (every enqueue reports one)")]
    public int PositionOfLast() => _waiting.PositionOf(_last);

    private WaitingEntry? Peek(OperatorCandidate candidate) =>
        _waiting.InOrder.FirstOrDefault(entry => Matching.IsEligible(candidate, entry, _queue, RoutingData.Now));
}
