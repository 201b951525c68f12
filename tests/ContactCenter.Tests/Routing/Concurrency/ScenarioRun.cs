using System.Collections.Concurrent;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing.Concurrency;

/// <summary>
/// Plays one generated scenario against the cluster (each wave's steps at once), waits until
/// routing has settled, and returns every broken invariant, read from the grains' own views.
/// </summary>
public sealed class ScenarioRun(ClusterFixture fixture, RoutingScenario scenario)
{
    private static readonly Completion Done = new(["general"], "answered", null);

    private readonly TestDirectory _dir = TestDirectory.Create();
    private readonly ConcurrentDictionary<string, InteractionSpec> _registered = new(StringComparer.Ordinal);
    private readonly DeskRecorder _recorder = new();
    private readonly Dictionary<string, long> _quietSequence = new(StringComparer.Ordinal);

    private IGrainFactory Grains => fixture.Grains;

    private IEnumerable<string> OperatorIds => scenario.Operators.Select((_, j) => OperatorId(j));

    private IEnumerable<string> QueueIds => scenario.Queues.Select((_, k) => _dir.Id($"q{k}"));

    /// <summary>How often each timeline event (and unanswered reason) happened: shows what a run exercised.</summary>
    public IReadOnlyDictionary<string, int> Coverage { get; private set; } = new Dictionary<string, int>();

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        await ApplyDirectoryAsync();
        var observer = Grains.CreateObjectReference<IDeskObserver>(_recorder);
        try
        {
            foreach (var operatorId in OperatorIds)
            {
                var grain = Grains.GetGrain<IOperatorGrain>(operatorId);
                await grain.SubscribeAsync(observer);
                _quietSequence[operatorId] = (await grain.GetSnapshotAsync()).Sequence;
            }

            await Task.WhenAll(scenario.Operators.Select((spec, j) => StartAsync(OperatorId(j), spec.Start)));
            foreach (var wave in scenario.Waves)
            {
                await Task.WhenAll(wave.Steps.Select(ExecuteAsync));
                if (wave.Settle)
                {
                    await Eventually.MatchAsync(ReadQueuesAsync, queues => queues.All(q => q.Offered == 0), "queues to finish offering");
                }
            }

            var world = await QuiesceAsync();
            Coverage = world.Interactions.Values
                .SelectMany(i => i.Timeline.Select(e => e.Kind.ToString()).Append(EndState(i)))
                .CountBy(key => key)
                .ToDictionary();
            return Invariants.Check(scenario, _dir, world, _recorder, _registered);
        }
        finally
        {
            foreach (var operatorId in OperatorIds)
            {
                await Grains.GetGrain<IOperatorGrain>(operatorId).UnsubscribeAsync(observer);
            }

            Grains.DeleteObjectReference<IDeskObserver>(observer);
        }
    }

    private string OperatorId(int index) => _dir.Id($"op{index}");

    private Task ApplyDirectoryAsync()
    {
        for (var k = 0; k < scenario.Queues.Count; k++)
        {
            var q = scenario.Queues[k];
            _dir.Queue($"q{k}", priority: q.Priority, skills: new Dictionary<string, int> { [q.Skill] = q.MinLevel }, regions: q.Regions, strategy: q.Strategy, channels: q.Channels);
        }

        for (var j = 0; j < scenario.Operators.Count; j++)
        {
            var o = scenario.Operators[j];
            _dir.Operator($"op{j}", skills: o.Skills, regions: o.Regions, voice: o.Voice, text: o.Text, video: o.Video);
        }

        return _dir.ApplyAsync(Grains);
    }

    private Task StartAsync(string operatorId, StartStatus start) => start switch
    {
        StartStatus.Available => Grains.GetGrain<IOperatorGrain>(operatorId).SignInAsync(OperatorStatus.Available, NotReadyReason.None).AsTask(),
        StartStatus.NotReady => Grains.GetGrain<IOperatorGrain>(operatorId).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break).AsTask(),
        _ => Task.CompletedTask,
    };

    private async Task ExecuteAsync(Step step)
    {
        try
        {
            await ExecuteOrRefuseAsync(step);
        }
        catch (ContactCenterException)
        {
            // A refusal is a legal answer to an action racing others (the offer is gone, the operator still holds work).
        }
    }

    private async Task ExecuteOrRefuseAsync(Step step)
    {
        var interactionIndex = step.Target % scenario.Interactions.Count;
        var interactionId = _dir.Id($"i{interactionIndex}");
        var operatorId = OperatorId(step.Target % scenario.Operators.Count);
        var desk = Grains.GetGrain<IOperatorGrain>(operatorId);
        switch (step.Kind)
        {
            case StepKind.Register:
                var spec = scenario.Interactions[interactionIndex];
                await Interaction(interactionId).RegisterAsync(new Registration(
                    spec.Channel, $"+7900{interactionIndex:D7}", spec.Region, "ru", null, _dir.Organisation, [], TimeSpan.Zero));
                _registered.TryAdd(interactionId, spec);
                break;
            case StepKind.HangUp:
                await Interaction(interactionId).EndByCitizenAsync(CitizenEnding.HangUp);
                break;
            case StepKind.SignIn:
                await desk.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
                break;
            case StepKind.SignInNotReady:
                await desk.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
                break;
            case StepKind.GoAvailable:
                await desk.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
                break;
            case StepKind.GoNotReady:
                await desk.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);
                break;
            case StepKind.SignOut:
                await desk.SignOutAsync();
                break;
            case StepKind.AcceptOffers:
                var offers = (await desk.GetSnapshotAsync()).Offers;
                await Task.WhenAll(offers.Select(o => TryAsync(() => Interaction(o.InteractionId).AcceptAsync(operatorId))));
                break;
            case StepKind.DeclineOffer:
                if ((await desk.GetSnapshotAsync()).Offers.FirstOrDefault() is { } offer)
                {
                    await Interaction(offer.InteractionId).DeclineAsync(operatorId);
                }

                break;
            case StepKind.CompleteWork:
                var work = (await desk.GetSnapshotAsync()).Assignments;
                await Task.WhenAll(work.Select(a => TryAsync(() => Interaction(a.InteractionId).CompleteAsync(operatorId, Done))));
                break;
            case StepKind.AdvanceClock:
                fixture.Time.Advance(TimeSpan.FromSeconds(step.Target));
                break;
        }
    }

    private static async Task TryAsync(Func<ValueTask<InteractionView>> action)
    {
        try
        {
            await action();
        }
        catch (ContactCenterException)
        {
            // Same as above: another step got there first.
        }
    }

    private static string EndState(InteractionView view) => view switch
    {
        { Outcome: InteractionOutcome.Unanswered } => $"ends Unanswered {view.UnansweredReason}",
        { State: InteractionState.Closed } => $"ends {view.Outcome}",
        _ => $"ends {view.State}",
    };

    private IInteractionGrain Interaction(string id) => Grains.GetGrain<IInteractionGrain>(id);

    /// <summary>
    /// Settled means: no queue holds an entry mid-offer, every operator's last published snapshot
    /// has reached the recorder, and the whole world reads the same several polls in a row (one-way
    /// messages such as an operator's pull or a requeue after sign-out have landed).
    /// </summary>
    private async Task<World> QuiesceAsync()
    {
        const int stableReadsNeeded = 5;
        string? previous = null;
        var stableReads = 0;
        World? last = null;
        try
        {
            return await Eventually.MatchAsync(
                ReadWorldAsync,
                world =>
                {
                    last = world;
                    var fingerprint = world.Fingerprint();
                    stableReads = fingerprint == previous ? stableReads + 1 : 0;
                    previous = fingerprint;
                    return stableReads >= stableReadsNeeded && Unsettled(world).Count == 0;
                },
                "routing to settle",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException) when (last is not null)
        {
            throw new TimeoutException($"routing did not settle in 30 s: {string.Join("; ", Unsettled(last).DefaultIfEmpty($"the world kept changing ({stableReads} stable reads)"))}\n{last.Fingerprint().Replace("|", "\n", StringComparison.Ordinal)}");
        }
    }

    /// <summary>What still moves: queues mid-offer, operators whose latest snapshot the desk recorder has not seen.</summary>
    private List<string> Unsettled(World world) =>
    [
        .. world.Queues.Values.Where(q => q.Offered != 0).Select(q => $"queue {q.QueueId} has {q.Offered} offer(s) out"),
        .. world.Operators.Values
            .Where(o => o.Sequence != _quietSequence[o.OperatorId] && !_recorder.HasSeen(o.OperatorId, o.Sequence))
            .Select(o => $"operator {o.OperatorId} at sequence {o.Sequence} not seen by the desk recorder"),
    ];

    private Task<QueueStats[]> ReadQueuesAsync() =>
        Task.WhenAll(QueueIds.Select(id => Grains.GetGrain<IQueueGrain>(id).GetStatsAsync().AsTask()));

    private async Task<World> ReadWorldAsync()
    {
        var operators = await Task.WhenAll(OperatorIds.Select(id => Grains.GetGrain<IOperatorGrain>(id).GetSnapshotAsync().AsTask()));
        var queues = await ReadQueuesAsync();

        // Callback tasks of unanswered contacts are routed like any interaction: the invariants cover them too.
        foreach (var id in _registered.Keys.ToList())
        {
            var view = await Interaction(id).GetAsync();
            if (view.FollowUp is { } callback)
            {
                _registered.TryAdd(callback.CallbackId, new InteractionSpec(Channel.Voice, view.Registration.RegionId));
            }
        }

        var interactions = await Task.WhenAll(_registered.Keys.Select(async id =>
        {
            var view = await Interaction(id).GetAsync();
            var waitingIn = new List<string>();
            foreach (var queueId in QueueIds)
            {
                if (await Grains.GetGrain<IQueueGrain>(queueId).GetPositionAsync(id) is not null)
                {
                    waitingIn.Add(queueId);
                }
            }

            return (view, waitingIn);
        }));
        return new World(
            operators.ToDictionary(o => o.OperatorId),
            queues.ToDictionary(q => q.QueueId),
            interactions.ToDictionary(i => i.view.Id, i => i.view),
            interactions.ToDictionary(i => i.view.Id, i => (IReadOnlyList<string>)i.waitingIn));
    }
}

/// <summary>Everything the grains say at one moment after a scenario.</summary>
public sealed record World(
    IReadOnlyDictionary<string, OperatorSnapshot> Operators,
    IReadOnlyDictionary<string, QueueStats> Queues,
    IReadOnlyDictionary<string, InteractionView> Interactions,
    IReadOnlyDictionary<string, IReadOnlyList<string>> WaitingIn)
{
    public string Fingerprint() => string.Join(
        "|",
        Operators.Values.OrderBy(o => o.OperatorId, StringComparer.Ordinal)
            .Select(o => $"{o.OperatorId}:{o.Status}:{o.Sequence}:{string.Join(",", o.Offers.Select(x => x.InteractionId))}:{string.Join(",", o.Assignments.Select(x => x.InteractionId))}")
            .Concat(Queues.Values.OrderBy(q => q.QueueId, StringComparer.Ordinal).Select(q => $"{q.QueueId}:{q.Waiting}:{q.AvailableOperators}:{q.Offered}"))
            .Concat(Interactions.Values.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => $"{i.Id}:{i.State}:{i.OperatorId}:{i.Timeline.Count}:{string.Join(",", WaitingIn[i.Id])}")));
}
