using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// A scenario's own part of the directory, made through AdminService so the scenario runs against
/// any node: one 1st-line queue of the demo organisation SFR and its operators, and optionally a
/// 2nd-line queue of SFR with operators of its own (1st → 2nd line transfers land there). A
/// language code made up for the run isolates it: only these queues and operators speak it, so
/// the node's other queues and operators neither take nor give this run's contacts.
/// </summary>
public sealed class DirectorySlice
{
    public const string Organisation = "SFR";
    public const string Region = "RU-MOW";

    /// <summary>A topic of the demo directory; the card rules want a classifier code under one.</summary>
    public const string Topic = "pension";
    public const string TopicCode = "pension/recalculation";

    private const string Skill = "general";

    private readonly HashSet<string> _secondLine;

    private DirectorySlice(string scenario, string runId, IReadOnlyDictionary<Channel, int> capacities, int operators, int secondLineOperators)
    {
        RunId = runId;
        Language = "lt" + runId;
        QueueId = $"lt-{scenario}-{runId}";
        CapacityByChannel = capacities;
        Channel = capacities.Keys.First();
        Capacity = capacities[Channel];
        OperatorIds = [.. Enumerable.Range(0, operators).Select(i => $"lt-{runId}-op{i:D4}")];
        SecondLineQueueId = secondLineOperators > 0 ? $"{QueueId}-l2" : null;
        SecondLineOperatorIds = [.. Enumerable.Range(0, secondLineOperators).Select(i => $"lt-{runId}-l2op{i:D4}")];
        _secondLine = new HashSet<string>(SecondLineOperatorIds, StringComparer.Ordinal);
    }

    public string RunId { get; }

    public string Language { get; }

    public string QueueId { get; }

    /// <summary>The channel of the contacts <see cref="Registration(long)"/> makes: the first the slice takes.</summary>
    public Channel Channel { get; }

    /// <summary>Each operator's capacity on <see cref="Channel"/>.</summary>
    public int Capacity { get; }

    /// <summary>1st-line operators.</summary>
    public IReadOnlyList<string> OperatorIds { get; }

    /// <summary>Null when the slice has no 2nd line.</summary>
    public string? SecondLineQueueId { get; }

    public IReadOnlyList<string> SecondLineOperatorIds { get; }

    /// <summary>Every operator of the slice, 1st line then 2nd line.</summary>
    public IEnumerable<string> AllOperatorIds => OperatorIds.Concat(SecondLineOperatorIds);

    public static DirectorySlice New(string scenario, Channel channel, int operators, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return New(scenario, new Dictionary<Channel, int> { [channel] = capacity }, operators, secondLineOperators: 0);
    }

    /// <param name="capacities">The channels the queues take, each with every operator's capacity on it; the first is <see cref="Channel"/>.</param>
    public static DirectorySlice New(string scenario, IReadOnlyDictionary<Channel, int> capacities, int operators, int secondLineOperators)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(operators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(secondLineOperators, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacities.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacities.Values.Min(), 1);
        var runId = new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        return new DirectorySlice(scenario, runId, capacities, operators, secondLineOperators);
    }

    /// <summary>The queue an operator of the slice serves.</summary>
    public string QueueOf(string operatorId) => IsSecondLine(operatorId) ? SecondLineQueueId! : QueueId;

    public bool IsSecondLine(string operatorId) => _secondLine.Contains(operatorId);

    /// <param name="serviceLevel">The queues' SL target; null leaves the node's default.</param>
    public async Task CreateAsync(NodeClients node, CancellationToken cancellation, ServiceLevelTarget? serviceLevel = null)
    {
        await node.Admin.UpsertQueueAsync(Queue(QueueId, Line.First, serviceLevel), cancellationToken: cancellation);
        if (SecondLineQueueId is not null)
        {
            await node.Admin.UpsertQueueAsync(Queue(SecondLineQueueId, Line.Second, serviceLevel), cancellationToken: cancellation);
        }

        // One directory change for the whole staff: one at a time rewrites the directory per operator.
        var staff = new OperatorProfileList();
        staff.Operators.AddRange(AllOperatorIds.Select((id, i) => new OperatorProfile
        {
            Id = id,
            Name = $"Load operator {i}",
            Extension = $"{9000 + i}",
            OrganisationId = Organisation,
            Lines = { IsSecondLine(id) ? Line.Second : Line.First },
            Skills = { [Skill] = 3 },
            Languages = { Language },
            Capacity = { CapacityByChannel.Select(c => new ChannelCapacity { Channel = c.Key, Capacity = c.Value }) },
        }));
        await node.Admin.UpsertOperatorsAsync(staff, cancellationToken: cancellation);
    }

    private QueueDefinition Queue(string id, Line line, ServiceLevelTarget? serviceLevel)
    {
        var queue = new QueueDefinition
        {
            Id = id,
            Name = $"load test {id}",
            OrganisationId = Organisation,
            Line = line,
            Channels = { CapacityByChannel.Keys },
            RequiredSkills = { [Skill] = 1 },
            Languages = { Language },
            Priority = line == Line.Second ? 2 : 1,
            OfferTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            MaxWait = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            Strategy = SelectionStrategy.LongestIdle,
            ServiceLevel = serviceLevel,
        };

        // A 2nd line taking the region outranks SFR's own 2nd-line queues when a transfer picks one (none speaks the run's language anyway).
        if (line == Line.Second)
        {
            queue.Regions.Add(Region);
        }

        return queue;
    }

    /// <summary>The <paramref name="n"/>th citizen's contact as the robot hands it over.</summary>
    public RegisterInteractionRequest Registration(long n) => Registration(n, Channel);

    public RegisterInteractionRequest Registration(long n, Channel channel) => new()
    {
        Channel = channel,
        CallerNumber = $"+79{n % 1_000_000_000:D9}",
        RegionId = Region,
        Language = Language,
        TopicId = Topic,
        OrganisationId = Organisation,
        RobotTranscript = { "Robot: How can I help you?", "Citizen: A question about my pension." },
        RobotDuration = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
    };

    public IReadOnlyDictionary<Channel, int> CapacityByChannel { get; }
}
