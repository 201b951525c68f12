using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// A scenario's own part of the directory, made through AdminService so the scenario runs against
/// any node: one 1st-line queue of the demo organisation SFR and its operators. A language code
/// made up for the run isolates it: only this queue and these operators speak it, so the node's
/// other queues and operators neither take nor give this run's contacts.
/// </summary>
public sealed class DirectorySlice
{
    public const string Organisation = "SFR";
    public const string Region = "RU-MOW";

    /// <summary>A topic of the demo directory; the card rules want a classifier code under one.</summary>
    public const string Topic = "pension";
    public const string TopicCode = "pension/recalculation";

    private const string Skill = "general";

    private DirectorySlice(string scenario, string runId, Channel channel, int operators, int capacity)
    {
        RunId = runId;
        Language = "lt" + runId;
        QueueId = $"lt-{scenario}-{runId}";
        Channel = channel;
        Capacity = capacity;
        OperatorIds = [.. Enumerable.Range(0, operators).Select(i => $"lt-{runId}-op{i:D4}")];
    }

    public string RunId { get; }

    public string Language { get; }

    public string QueueId { get; }

    public Channel Channel { get; }

    public int Capacity { get; }

    public IReadOnlyList<string> OperatorIds { get; }

    public static DirectorySlice New(string scenario, Channel channel, int operators, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(operators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var runId = new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        return new DirectorySlice(scenario, runId, channel, operators, capacity);
    }

    public async Task CreateAsync(NodeClients node, CancellationToken cancellation)
    {
        await node.Admin.UpsertQueueAsync(
            new QueueDefinition
            {
                Id = QueueId,
                Name = $"load test {QueueId}",
                OrganisationId = Organisation,
                Line = Line.First,
                Channels = { Channel },
                RequiredSkills = { [Skill] = 1 },
                Languages = { Language },
                Priority = 1,
                OfferTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                MaxWait = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
                Strategy = SelectionStrategy.LongestIdle,
            },
            cancellationToken: cancellation);
        await Parallel.ForEachAsync(
            OperatorIds.Select((id, i) => (id, i)),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation },
            async (entry, token) => await node.Admin.UpsertOperatorAsync(
                new OperatorProfile
                {
                    Id = entry.id,
                    Name = $"Load operator {entry.i}",
                    Extension = $"{9000 + entry.i}",
                    OrganisationId = Organisation,
                    Lines = { Line.First },
                    Skills = { [Skill] = 3 },
                    Languages = { Language },
                    Capacity = { new ChannelCapacity { Channel = Channel, Capacity = Capacity } },
                },
                cancellationToken: token));
    }

    /// <summary>The <paramref name="n"/>th citizen's contact as the robot hands it over.</summary>
    public RegisterInteractionRequest Registration(long n) => new()
    {
        Channel = Channel,
        CallerNumber = $"+79{n % 1_000_000_000:D9}",
        RegionId = Region,
        Language = Language,
        TopicId = Topic,
        OrganisationId = Organisation,
        RobotTranscript = { "Robot: How can I help you?", "Citizen: A question about my pension." },
        RobotDuration = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
    };

    public IReadOnlyDictionary<Channel, int> CapacityByChannel => new Dictionary<Channel, int> { [Channel] = Capacity };
}
