using ContactCenter.Directory;
using ContactCenter.Model;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// Builds a directory slice with ids unique to one test, so tests sharing a cluster never route
/// each other's contacts.
/// </summary>
public sealed class TestDirectory(string prefix)
{
    public const string Moscow = "RU-MOW";
    public const string Novosibirsk = "RU-NVS";

    private readonly List<QueueDefinition> _queues = [];
    private readonly List<OperatorProfile> _operators = [];

    public static TestDirectory Create() => new($"t{Guid.NewGuid():N}"[..12]);

    public string Organisation => $"{prefix}-org";

    public static IReadOnlyList<Region> Regions { get; } =
    [
        new(Moscow, "Moscow", "Europe/Moscow"),
        new(Novosibirsk, "Novosibirsk", "Asia/Novosibirsk"),
    ];

    /// <summary>
    /// Owns the classifier's top-level topics that test completions use ("pension", "general"); a
    /// completed card's topic codes must start with a topic of the directory.
    /// </summary>
    public static Organisation TopicsOwner { get; } = new("test-topics", "Owner of the shared test topics");

    public static IReadOnlyList<Topic> Topics { get; } =
    [
        new("pension", "Pensions", TopicsOwner.Id),
        new("general", "General questions", TopicsOwner.Id),
    ];

    /// <summary>What every test cluster starts from: the regions and topics tests share.</summary>
    public static DirectorySnapshot Shared => new(0, [TopicsOwner], Regions, Topics, [], [], null);

    public string Id(string name) => $"{prefix}-{name}";

    public TestDirectory Queue(
        string name,
        Line line = Line.First,
        int priority = 1,
        IReadOnlyDictionary<string, int>? skills = null,
        IReadOnlyList<string>? regions = null,
        SelectionStrategy strategy = SelectionStrategy.LongestIdle,
        TimeSpan? offerTimeout = null,
        IReadOnlyList<Channel>? channels = null,
        TimeSpan? maxWait = null,
        WorkingHours? hours = null,
        int maxSize = 0,
        IReadOnlyList<OverflowStep>? overflow = null,
        IReadOnlyList<string>? partitions = null,
        TransferFallback transferFallback = TransferFallback.RaisePriority,
        TimeSpan? wrapUpLimit = null)
    {
        _queues.Add(new QueueDefinition(
            Id(name), name, Organisation, line, channels ?? [Channel.Voice, Channel.Text], skills ?? new Dictionary<string, int> { ["general"] = 1 },
            regions ?? [], ["ru"], priority, offerTimeout ?? TimeSpan.FromSeconds(20), maxWait ?? TimeSpan.FromMinutes(10), strategy,
            hours, maxSize, overflow, Partitions: partitions, TransferFallback: transferFallback, WrapUpLimit: wrapUpLimit));
        return this;
    }

    public TestDirectory Operator(
        string name,
        IReadOnlyDictionary<string, int>? skills = null,
        IReadOnlyList<string>? regions = null,
        IReadOnlyList<string>? languages = null,
        IReadOnlyList<Line>? lines = null,
        int voice = 1,
        int text = 3,
        int video = 0,
        string? team = null)
    {
        _operators.Add(new OperatorProfile(
            Id(name), name, "100", Organisation, lines ?? [Line.First], regions ?? [],
            skills ?? new Dictionary<string, int> { ["general"] = 3 }, languages ?? ["ru"],
            new Dictionary<Channel, int> { [Channel.Voice] = voice, [Channel.Text] = text, [Channel.Video] = video }
                .Where(c => c.Value > 0).ToDictionary(),
            team is null ? null : Id(team)));
        return this;
    }

    public DirectorySnapshot Build() => new(
        0, [new Organisation(Organisation, $"Test organisation {prefix}")], Regions, [], _queues, _operators, null);

    public Task ApplyAsync(IGrainFactory grains) =>
        grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).MergeAsync(Build()).AsTask();
}
