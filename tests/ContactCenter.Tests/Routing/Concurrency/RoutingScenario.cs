using System.Text;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Tests.Infrastructure;
using CsCheck;

namespace ContactCenter.Tests.Routing.Concurrency;

public sealed record OperatorSpec(
    IReadOnlyDictionary<string, int> Skills, IReadOnlyList<string> Regions, int Voice, int Text, int Video, StartStatus Start)
{
    public IReadOnlyDictionary<Channel, int> Capacity => new Dictionary<Channel, int>
    {
        [Channel.Voice] = Voice,
        [Channel.Text] = Text,
        [Channel.Video] = Video,
    };

    public override string ToString() =>
        $"skills {string.Join(",", Skills.Select(s => $"{s.Key}:{s.Value}"))}; regions [{string.Join(",", Regions)}]; voice {Voice} text {Text} video {Video}; {Start}";
}

public enum StartStatus
{
    Available,
    NotReady,
    Offline,
}

public sealed record QueueSpec(
    IReadOnlyList<Channel> Channels, string Skill, int MinLevel, IReadOnlyList<string> Regions, int Priority, SelectionStrategy Strategy)
{
    public override string ToString() =>
        $"[{string.Join(",", Channels)}] {Skill}>={MinLevel}; regions [{string.Join(",", Regions)}]; priority {Priority}; {Strategy}";
}

public sealed record InteractionSpec(Channel Channel, string Region)
{
    public override string ToString() => $"{Channel} from {Region}";
}

public enum StepKind
{
    Register,
    HangUp,
    SignIn,
    SignInNotReady,
    GoAvailable,
    GoNotReady,
    SignOut,
    AcceptOffers,
    DeclineOffer,
    CompleteWork,
    AdvanceClock,
}

/// <summary>
/// One action of a wave. <see cref="Target"/> picks an interaction or an operator modulo their
/// count (so shrinking towards 0 stays meaningful); for <see cref="StepKind.AdvanceClock"/> it is
/// the number of seconds.
/// </summary>
public sealed record Step(StepKind Kind, int Target)
{
    public override string ToString() => $"{Kind}({Target})";
}

/// <summary>
/// Steps started together. <see cref="Settle"/>: the next wave waits until no queue is mid-offer,
/// so desks have offers to answer; without it waves overlap with the routing they caused.
/// </summary>
public sealed record Wave(IReadOnlyList<Step> Steps, bool Settle)
{
    public override string ToString() => $"{string.Join(" ", Steps)}{(Settle ? " (settle)" : string.Empty)}";
}

/// <summary>
/// A generated contact-centre workload: operators and overlapping queues of one organisation, the
/// contacts that will arrive, and waves of actions, each wave run concurrently.
/// </summary>
public sealed record RoutingScenario(
    IReadOnlyList<OperatorSpec> Operators,
    IReadOnlyList<QueueSpec> Queues,
    IReadOnlyList<InteractionSpec> Interactions,
    IReadOnlyList<Wave> Waves)
{
    public static readonly string[] Skills = ["general", "pensions", "benefits"];

    private static readonly Gen<IReadOnlyList<string>> Regions = Gen.OneOf<IReadOnlyList<string>>(
        [], [TestDirectory.Moscow], [TestDirectory.Novosibirsk], [TestDirectory.Moscow, TestDirectory.Novosibirsk]);

    private static readonly Gen<OperatorSpec> Operator = Gen.Select(
        Gen.Int[1, 5], Gen.Int[0, 5], Gen.Int[0, 5], Regions,
        Gen.Int[0, 1], Gen.Int[0, 3], Gen.Int[0, 1],
        Gen.Frequency((4, StartStatus.Available), (1, StartStatus.NotReady), (1, StartStatus.Offline)),
        (general, pensions, benefits, regions, voice, text, video, start) =>
            // The directory refuses an operator who can take no channel at all.
            new OperatorSpec(SkillLevels(general, pensions, benefits), regions, voice, voice + text + video == 0 ? 1 : text, video, start));

    private static readonly Gen<QueueSpec> Queue = Gen.Select(
        Gen.Frequency<int>((3, Gen.Int[1, 6]), (2, Gen.Const(7))), Gen.OneOf(Skills), Gen.Int[1, 3],
        Gen.Frequency<IReadOnlyList<string>>((3, []), (1, [TestDirectory.Moscow]), (1, [TestDirectory.Novosibirsk])),
        Gen.Int[1, 5], Gen.Enum<SelectionStrategy>(),
        (channels, skill, level, regions, priority, strategy) => new QueueSpec(ChannelsOf(channels), skill, level, regions, priority, strategy));

    private static readonly Gen<InteractionSpec> Interaction = Gen.Select(
        Gen.Frequency((3, Channel.Voice), (3, Channel.Text), (1, Channel.Video)),
        Gen.OneOf(TestDirectory.Moscow, TestDirectory.Novosibirsk),
        (channel, region) => new InteractionSpec(channel, region));

    private static readonly Gen<Step> StepGen = Gen.Frequency(
        (5, Targeted(StepKind.Register)),
        (1, Targeted(StepKind.HangUp)),
        (2, Targeted(StepKind.SignIn)),
        (1, Targeted(StepKind.SignInNotReady)),
        (2, Targeted(StepKind.GoAvailable)),
        (1, Targeted(StepKind.GoNotReady)),
        (1, Targeted(StepKind.SignOut)),
        (5, Targeted(StepKind.AcceptOffers)),
        (2, Targeted(StepKind.DeclineOffer)),
        (4, Targeted(StepKind.CompleteWork)),
        (2, Gen.OneOf(1, 5, 21).Select(seconds => new Step(StepKind.AdvanceClock, seconds))));

    public static readonly Gen<RoutingScenario> Generator = Gen.Select(
        Operator.Array[1, 10],
        Queue.Array[1, 4],
        Interaction.Array[1, 24],
        Gen.Select(StepGen.Array[1, 24], Gen.Bool, (steps, settle) => new Wave(steps, settle)).Array[1, 10],
        (operators, queues, interactions, waves) => new RoutingScenario(operators, queues, interactions, waves));

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine();
        AppendAll(text, "operator", Operators);
        AppendAll(text, "queue", Queues);
        AppendAll(text, "interaction", Interactions);
        for (var i = 0; i < Waves.Count; i++)
        {
            text.AppendLine($"  wave {i}: {string.Join(" ", Waves[i])}");
        }

        return text.ToString();
    }

    private static Gen<Step> Targeted(StepKind kind) => Gen.Int[0, 63].Select(target => new Step(kind, target));

    private static Dictionary<string, int> SkillLevels(params int[] levels) =>
        Skills.Zip(levels).Where(s => s.Second > 0).ToDictionary(s => s.First, s => s.Second);

    private static Channel[] ChannelsOf(int mask) =>
        [.. new[] { Channel.Voice, Channel.Text, Channel.Video }.Where((_, bit) => (mask & (1 << bit)) != 0)];

    private static void AppendAll<T>(StringBuilder text, string name, IReadOnlyList<T> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            text.AppendLine($"  {name} {i}: {items[i]}");
        }
    }
}
