using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Queues;

namespace ContactCenter.Benchmarks;

/// <summary>
/// A reproducible population for the decision benchmarks (fixed seed): operators spread over
/// eight regions, mixed proficiency and free capacity; waiting contacts of mixed channel,
/// region and priority, arrived over the last hour.
/// </summary>
public static class RoutingData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static readonly string[] Regions = [.. Enumerable.Range(1, 8).Select(r => $"R{r}")];

    public static QueueDefinition Queue(SelectionStrategy strategy = SelectionStrategy.LongestIdle, IReadOnlyList<string>? regions = null) => new(
        "q", "q", "org", Line.First, [Channel.Voice, Channel.Text, Channel.Video], new Dictionary<string, int> { ["pensions"] = 2 },
        regions ?? [], ["ru"], 1, TimeSpan.FromSeconds(20), TimeSpan.FromHours(1), strategy);

    public static List<OperatorCandidate> Candidates(int count, int seed = 42)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new OperatorCandidate(
            $"op-{i:D5}",
            random.Next(4) == 0 ? [] : [Regions[random.Next(Regions.Length)], Regions[random.Next(Regions.Length)]],
            new Dictionary<string, int> { ["pensions"] = random.Next(1, 6), ["benefits"] = random.Next(1, 6) },
            random.Next(10) == 0 ? ["en"] : ["ru"],
            new Dictionary<Channel, int> { [Channel.Voice] = random.Next(2), [Channel.Text] = random.Next(4), [Channel.Video] = random.Next(2) },
            random.Next(3),
            Now.AddSeconds(-random.Next(3600))))];
    }

    public static List<WaitingEntry> Waiting(int count, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new WaitingEntry(
            $"i-{i:D6}",
            random.Next(10) switch { < 5 => Channel.Voice, < 9 => Channel.Text, _ => Channel.Video },
            Regions[random.Next(Regions.Length)],
            "ru",
            null,
            random.Next(1, 4),
            Now.AddMilliseconds(-random.Next(3_600_000)),
            []))];
    }

    /// <summary>An operator with room for chats only; of one region, about one waiting contact in twenty fits.</summary>
    public static OperatorCandidate ChatOperator(IReadOnlyList<string> regions) => new(
        "op-chat", regions, new Dictionary<string, int> { ["pensions"] = 3 }, ["ru"],
        new Dictionary<Channel, int> { [Channel.Voice] = 0, [Channel.Text] = 2, [Channel.Video] = 0 }, 1, Now.AddMinutes(-5));

    /// <summary>An idle operator of every region: the head of any list fits.</summary>
    public static OperatorCandidate AllRoundOperator() => new(
        "op-all", [], new Dictionary<string, int> { ["pensions"] = 5 }, ["ru"],
        new Dictionary<Channel, int> { [Channel.Voice] = 1, [Channel.Text] = 3, [Channel.Video] = 1 }, 0, Now.AddMinutes(-5));

    /// <summary>An operator below the queue's minimum proficiency: nothing fits, the whole list is scanned.</summary>
    public static OperatorCandidate UnqualifiedOperator() => new(
        "op-junior", [], new Dictionary<string, int> { ["pensions"] = 1 }, ["ru"],
        new Dictionary<Channel, int> { [Channel.Voice] = 1, [Channel.Text] = 3, [Channel.Video] = 1 }, 0, Now.AddMinutes(-5));
}
