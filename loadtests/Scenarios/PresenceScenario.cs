using System.Collections.Concurrent;
using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// Status churn under many watchers: the slice's operators each hold a desk stream, supervisors
/// watch the slice's queue, and each iteration changes one operator's status (Available ↔ Not
/// ready, the reason taking turns among break, lunch, training and meeting) through
/// <c>DeskService.SetStatus</c>. Steps: <c>set status</c> (the call), <c>desk delivery</c> (call
/// sent → the operator's own desk stream shows the new status) and <c>supervisor delivery</c>
/// (call sent → a supervisor stream shows it; one measurement per supervisor stream). One
/// operator's changes never overlap: each waits until the previous one was delivered everywhere.
/// Invariants: every change delivered to its desk stream and to every supervisor stream; at the
/// end the last status each stream showed for each operator is the operator's state on the node;
/// no stream failed.
/// </summary>
public sealed class PresenceScenario : ILoadScenario
{
    /// <summary>A change not seen on a stream within this is counted as not delivered.</summary>
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long the streams may take to settle on the final states at the end.</summary>
    private static readonly TimeSpan SettlePatience = TimeSpan.FromSeconds(15);

    private static readonly NotReadyReason[] Reasons =
        [NotReadyReason.Break, NotReadyReason.Lunch, NotReadyReason.Training, NotReadyReason.Meeting];

    public string Name => "presence";

    public string Usage =>
        "presence [--desks 500] [--supervisors 10] [--update-interval D]: status changes (default --rate 50) on desk streams and supervisor streams; " +
        "change → delivery per stream; --update-interval sets the embedded node's Presence:UpdateInterval (its default 250 ms)";

    public IReadOnlyCollection<string> Options => ["--desks", "--supervisors", "--update-interval"];

    public LoadSimulation DefaultLoad(TimeSpan duration) => Simulation.Inject(50, TimeSpan.FromSeconds(1), duration);

    public IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options) =>
        options.Duration("--update-interval") is { } interval
            ? new Dictionary<string, string?> { ["Presence:UpdateInterval"] = interval.ToString("c") }
            : new Dictionary<string, string?>();

    public TimeSpan DefaultDrain(CliOptions options, bool embedded) => TimeSpan.FromSeconds(30);

    public ScenarioProps Create(CliOptions options, NodeClients node)
    {
        var slice = DirectorySlice.New(Name, Channel.Voice, options.Int("--desks", 500), capacity: 1);
        var operatorCount = slice.OperatorIds.Count;
        var gates = Enumerable.Range(0, operatorCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        var setStatuses = Enumerable.Repeat(ShownStatus.Of(OperatorStatus.Available, NotReadyReason.Unspecified), operatorCount).ToArray();
        var pending = new ConcurrentDictionary<string, PendingChange>(StringComparer.Ordinal);
        long changes = 0;
        var setUp = TimeSpan.Zero;

        var desks = new DeskFleet(node, slice)
        {
            Observer = (operatorId, deskEvent, at) =>
            {
                if (pending.TryGetValue(operatorId, out var change) && ShownStatus.Of(deskEvent.State) == change.Target)
                {
                    change.Desk.TrySetResult(at);
                }
            },
        };
        var supervisors = new SupervisorFleet(node, slice, options.Int("--supervisors", 10))
        {
            Observer = (supervisor, operatorId, shown, at) =>
            {
                if (pending.TryGetValue(operatorId, out var change) && shown == change.Target)
                {
                    change.Supervisors[supervisor].TrySetResult(at);
                }
            },
        };

        return Scenario.Create(Name, async context =>
            {
                var cancellation = context.CancellationToken;
                var index = (int)(context.InvocationNumber % operatorCount);
                var operatorId = slice.OperatorIds[index];
                await gates[index].WaitAsync(cancellation);
                try
                {
                    var target = setStatuses[index].Status == OperatorStatus.Available
                        ? ShownStatus.Of(OperatorStatus.NotReady, Reasons[(context.InvocationNumber / operatorCount) % Reasons.Length])
                        : ShownStatus.Of(OperatorStatus.Available, NotReadyReason.Unspecified);
                    var change = new PendingChange(target, supervisors.Count);
                    pending[operatorId] = change;
                    var sent = Stopwatch.GetTimestamp();

                    await Step.Run("set status", context, async () =>
                    {
                        var state = await node.Desk.SetStatusAsync(
                            new SetStatusRequest { OperatorId = operatorId, Status = target.Status, Reason = target.Reason },
                            cancellationToken: cancellation);
                        setStatuses[index] = ShownStatus.Of(state);
                        Interlocked.Increment(ref changes);
                        return ShownStatus.Of(state) == target
                            ? Response.Ok(state)
                            : Response.Fail<OperatorState>("NotChanged", $"{operatorId} shows {ShownStatus.Of(state)} after being set {target}");
                    });

                    await Step.Run("desk delivery", context, async () =>
                    {
                        var at = await change.Desk.Task.WaitAsync(DeliveryPatience, cancellation);
                        return Response.Ok(at, Stopwatch.GetElapsedTime(sent, at));
                    });

                    foreach (var delivered in change.Supervisors)
                    {
                        await Step.Run("supervisor delivery", context, async () =>
                        {
                            var at = await delivered.Task.WaitAsync(DeliveryPatience, cancellation);
                            return Response.Ok(at, Stopwatch.GetElapsedTime(sent, at));
                        });
                    }

                    return Response.Ok();
                }
                finally
                {
                    pending.TryRemove(operatorId, out _);
                    gates[index].Release();
                }
            })
            .WithInit(async _ =>
            {
                var started = Stopwatch.StartNew();
                await slice.CreateAsync(node, CancellationToken.None);
                await desks.StartAsync(CancellationToken.None);
                await supervisors.StartAsync(CancellationToken.None);
                setUp = started.Elapsed;
            })
            .WithClean(async clean =>
            {
                var (deskStale, supervisorStale, sample) = await SettleAsync(node, slice, desks, supervisors);
                await supervisors.StopAsync();
                await desks.StopAsync();
                clean.Report("queue watched", slice.QueueId);
                clean.Report("desk streams", operatorCount);
                clean.Report("supervisor streams", supervisors.Count);
                clean.Report("set-up: operators made, desks signed in, streams opened (s)", Math.Round(setUp.TotalSeconds, 1));
                clean.Report("status changes made (warm-up included)", Interlocked.Read(ref changes));
                clean.Report("desk events received", desks.Events);
                clean.Report("supervisor messages received (snapshots included)", supervisors.Messages);
                clean.Check(deskStale == 0, $"{deskStale} desk stream(s) did not end on their operator's state, e.g. {sample}");
                clean.Check(supervisorStale == 0, $"{supervisorStale} (supervisor stream, operator) pair(s) did not end on the operator's state, e.g. {sample}");
                clean.Check(desks.StreamFailures == 0, $"{desks.StreamFailures} desk stream(s) failed during the run: {string.Join("; ", desks.SampleFailures)}");
                clean.Check(supervisors.StreamFailures == 0, $"{supervisors.StreamFailures} supervisor stream(s) failed during the run: {string.Join("; ", supervisors.SampleFailures)}");
            });
    }

    /// <summary>
    /// Reads every operator's state from the node, then waits until every stream shows it (the
    /// supervisor streams coalesce, so the last batch may still be on its way).
    /// </summary>
    private static async Task<(int DeskStale, int SupervisorStale, string Sample)> SettleAsync(
        NodeClients node, DirectorySlice slice, DeskFleet desks, SupervisorFleet supervisors)
    {
        var actual = new ConcurrentDictionary<string, ShownStatus>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(slice.OperatorIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (operatorId, token) =>
            actual[operatorId] = ShownStatus.Of(await node.Desk.GetStateAsync(new OperatorRequest { OperatorId = operatorId }, cancellationToken: token)));

        var patience = Stopwatch.StartNew();
        while (true)
        {
            var deskStale = slice.OperatorIds.Where(id => desks.LastState(id) is not { } last || ShownStatus.Of(last) != actual[id]).ToList();
            var supervisorStale = Enumerable.Range(0, supervisors.Count)
                .SelectMany(k => slice.OperatorIds.Where(id => supervisors.Shown(k, id) != actual[id]).Select(id => (k, id)))
                .ToList();
            if ((deskStale.Count == 0 && supervisorStale.Count == 0) || patience.Elapsed > SettlePatience)
            {
                var sample = deskStale.Select(id => $"desk of {id} shows {(desks.LastState(id) is { } s ? ShownStatus.Of(s) : "nothing")}, node has {actual[id]}")
                    .Concat(supervisorStale.Select(p => $"supervisor {p.k} shows {p.id} as {supervisors.Shown(p.k, p.id)?.ToString() ?? "nothing"}, node has {actual[p.id]}"))
                    .FirstOrDefault() ?? string.Empty;
                return (deskStale.Count, supervisorStale.Count, sample);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>One status change waiting to be seen: on the desk stream and on each supervisor stream, with the arrival timestamps.</summary>
    private sealed class PendingChange(ShownStatus target, int supervisors)
    {
        public ShownStatus Target { get; } = target;

        public TaskCompletionSource<long> Desk { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<long>[] Supervisors { get; } =
            [.. Enumerable.Range(0, supervisors).Select(_ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously))];
    }
}
