using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// Many text chats at once whose citizens go silent after the operator's question: each must be
/// closed for inactivity by the node's own timer, on the real clock. The lateness of a closure is
/// when the conversation ended (the card's wrap-up start) minus the inactivity deadline the node
/// set on the question, both on the node's clock. Invariants: every chat closes, each closed for
/// inactivity and none before its deadline, nothing lost, no operator over capacity.
/// </summary>
public sealed class TimersScenario : ILoadScenario
{
    private static readonly TimeSpan DefaultInactivity = TimeSpan.FromSeconds(5);

    /// <summary>The node's own default (TimeLimits:TextInactivity), assumed for a --target node.</summary>
    private static readonly TimeSpan NodeDefaultInactivity = TimeSpan.FromMinutes(5);

    public string Name => "timers";

    public string Usage =>
        "timers [--operators 20] [--capacity 10] [--inactivity 5s]: text chats (default --rate 20) that go silent after the operator's question " +
        "and must be closed for inactivity; --inactivity sets the embedded node's TimeLimits:TextInactivity (a --target node keeps its own, 5 min by default: give --drain longer)";

    public IReadOnlyCollection<string> Options => ["--operators", "--capacity", "--inactivity"];

    public LoadSimulation DefaultLoad(TimeSpan duration) => Simulation.Inject(20, TimeSpan.FromSeconds(1), duration);

    public IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options) => new Dictionary<string, string?>
    {
        ["TimeLimits:TextInactivity"] = options.Duration("--inactivity", DefaultInactivity).ToString("c"),
    };

    public TimeSpan DefaultDrain(CliOptions options, bool embedded) =>
        (embedded ? options.Duration("--inactivity", DefaultInactivity) : NodeDefaultInactivity) + TimeSpan.FromSeconds(30);

    public ScenarioProps Create(CliOptions options, NodeClients node)
    {
        var slice = DirectorySlice.New(Name, Channel.Text, options.Int("--operators", 20), options.Int("--capacity", 10));
        var desks = new DeskFleet(node, slice);
        var ledger = new InteractionLedger();
        var lateness = Latencies.NewRecorder();
        long early = 0, overASecond = 0, silent = 0, mostSilent = 0, wrongEnding = 0;

        return Scenario.Create(Name, async context =>
            {
                var cancellation = context.CancellationToken;
                var started = Stopwatch.GetTimestamp();
                var registered = await Step.Run("register", context, async () =>
                {
                    var response = await node.Routing.RegisterInteractionAsync(slice.Registration(context.InvocationNumber), cancellationToken: cancellation);
                    ledger.Register(response.Interaction);
                    return InboundScenario.Waiting(response.Interaction);
                });

                var id = registered.Payload.Id;
                var signals = desks.For(id);
                try
                {
                    var offer = await Step.Run("offer", context, async () =>
                    {
                        var seen = await signals.Offers.Reader.ReadAsync(cancellation);
                        return Response.Ok(seen, Stopwatch.GetElapsedTime(started, seen.At));
                    });
                    var operatorId = (await Step.Run("accept", context, async () =>
                        Response.Ok((await InboundScenario.AcceptAsync(node, signals, id, offer.Payload.OperatorId, cancellation)).OperatorId))).Payload;

                    var asked = await Step.Run("question", context, async () => Response.Ok(await node.Desk.SendMessageAsync(
                        new SendMessageRequest { OperatorId = operatorId, InteractionId = id, Text = "Could you tell me your SNILS number, please?" },
                        cancellationToken: cancellation)));
                    var askedAt = Stopwatch.GetTimestamp();
                    var deadline = asked.Payload.InactivityDeadline.ToDateTimeOffset();

                    // The citizen says nothing more: the node's timer must end the conversation.
                    var nowSilent = Interlocked.Increment(ref silent);
                    InterlockedMax(ref mostSilent, nowSilent);
                    try
                    {
                        await Step.Run("auto-closure", context, async () =>
                        {
                            var heard = await signals.WrapUpStarted.Task.WaitAsync(cancellation);
                            return Response.Ok(heard, Stopwatch.GetElapsedTime(askedAt, heard));
                        });
                    }
                    finally
                    {
                        Interlocked.Decrement(ref silent);
                    }

                    await Step.Run("complete", context, async () =>
                    {
                        var card = await node.Desk.CompleteInteractionAsync(InteractionLedger.Completion(operatorId, id), cancellationToken: cancellation);
                        ledger.Close(card);
                        var late = card.WrapUpStartedAt.ToDateTimeOffset() - deadline;
                        if (late < TimeSpan.Zero)
                        {
                            Interlocked.Increment(ref early);
                        }
                        else
                        {
                            lateness.RecordValue(Latencies.ToMicroseconds(late));
                            if (late > TimeSpan.FromSeconds(1))
                            {
                                Interlocked.Increment(ref overASecond);
                            }
                        }

                        if (card is not { State: InteractionState.Closed, Outcome: InteractionOutcome.ClosedForInactivity, EndReason: ConversationEndReason.CitizenInactive })
                        {
                            Interlocked.Increment(ref wrongEnding);
                            return Response.Fail<Interaction>("NotClosedForInactivity", $"{id} is {card.State} {card.Outcome}, ended {card.EndReason}");
                        }

                        return Response.Ok(card);
                    });
                    return Response.Ok();
                }
                finally
                {
                    desks.Forget(id);
                }
            })
            .WithInit(async _ =>
            {
                await slice.CreateAsync(node, CancellationToken.None);
                await desks.StartAsync(CancellationToken.None);
            })
            .WithClean(async clean =>
            {
                await ledger.SettleAsync(node, clean);
                await desks.StopAsync();
                var late = LatencySummary.From(lateness.GetIntervalHistogram());
                clean.Report("queue", slice.QueueId);
                clean.Report("operators × text capacity", $"{slice.OperatorIds.Count} × {slice.Capacity}");
                clean.Report("most chats silent at once (live inactivity deadlines)", Interlocked.Read(ref mostSilent));
                clean.Report("auto-closures measured (warm-up included)", late.Count);
                clean.Report("closure lateness p50 / p75 / p95 / p99 / max (ms)", $"{late.P50} / {late.P75} / {late.P95} / {late.P99} / {late.Max}");
                clean.Report("closures later than 1 s", Interlocked.Read(ref overASecond));
                using (var process = Process.GetCurrentProcess())
                {
                    clean.Report("peak working set of this process (MiB; with an embedded node, node and load together)", process.PeakWorkingSet64 / (1024 * 1024));
                }

                clean.Check(Interlocked.Read(ref early) == 0, $"{early} chat(s) closed before their inactivity deadline");
                clean.Check(Interlocked.Read(ref wrongEnding) == 0, $"{wrongEnding} chat(s) did not close for citizen inactivity");
                clean.Check(desks.CapacityViolations == 0, $"{desks.CapacityViolations} desk event(s) showed an operator over capacity, e.g. {string.Join("; ", desks.SampleViolations)}");
                clean.Check(desks.StreamFailures == 0, $"{desks.StreamFailures} desk stream(s) failed during the run");
            });
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
