using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// Gateways register voice calls; the desk stream of whichever operator is offered one tells
/// the iteration, which accepts as that operator, talks a random short time and completes the
/// card. One iteration is one citizen's whole call, so the iteration latency is the full
/// lifecycle. Steps: register (the gateway's call), offer (register sent → offer on the desk
/// stream), accept, complete. Invariants: every registered interaction closes (those still
/// waiting when the load stops are hung up and must close too), and no desk ever shows an
/// operator holding more than its capacity.
/// </summary>
public sealed class InboundScenario : ILoadScenario
{
    /// <summary>The desk hears of an offer as the operator is reserved, a moment before the interaction records it.</summary>
    private const int MaxAcceptAttempts = 1000;

    public string Name => "inbound";

    public string Usage =>
        "inbound [--operators 100] [--talk 200ms]: voice calls registered (default --rate 50), offered on desk streams, accepted, talked for a random time up to --talk, completed";

    public IReadOnlyCollection<string> Options => ["--operators", "--talk"];

    public LoadSimulation DefaultLoad(TimeSpan duration) => Simulation.Inject(50, TimeSpan.FromSeconds(1), duration);

    public IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options) => new Dictionary<string, string?>();

    public TimeSpan DefaultDrain(CliOptions options, bool embedded) => TimeSpan.FromSeconds(30);

    public ScenarioProps Create(CliOptions options, NodeClients node)
    {
        var slice = DirectorySlice.New(Name, Channel.Voice, options.Int("--operators", 100), capacity: 1);
        var talk = options.Duration("--talk", TimeSpan.FromMilliseconds(200));
        var desks = new DeskFleet(node, slice);
        var ledger = new InteractionLedger();
        long acceptRetries = 0;

        return Scenario.Create(Name, async context =>
            {
                var cancellation = context.CancellationToken;
                var started = Stopwatch.GetTimestamp();
                var registered = await Step.Run("register", context, async () =>
                {
                    var response = await node.Routing.RegisterInteractionAsync(slice.Registration(context.InvocationNumber), cancellationToken: cancellation);
                    ledger.Register(response.Interaction);
                    return Waiting(response.Interaction);
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

                    var operatorId = await Step.Run("accept", context, async () =>
                    {
                        var (accepted, retries) = await AcceptAsync(node, signals, id, offer.Payload.OperatorId, cancellation);
                        Interlocked.Add(ref acceptRetries, retries);
                        return Response.Ok(accepted);
                    });

                    await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(talk.Ticks + 1)), cancellation);

                    await Step.Run("complete", context, async () =>
                    {
                        var card = await node.Desk.CompleteInteractionAsync(InteractionLedger.Completion(operatorId.Payload, id), cancellationToken: cancellation);
                        ledger.Close(card);
                        return card is { State: InteractionState.Closed, Outcome: InteractionOutcome.Resolved }
                            ? Response.Ok(card)
                            : Response.Fail<Interaction>("NotResolved", $"{id} is {card.State} {card.Outcome} after completion");
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
                clean.Report("queue", slice.QueueId);
                clean.Report("operators (voice capacity 1)", slice.OperatorIds.Count);
                clean.Report("desk events received", desks.Events);
                clean.Report("accept retries (offer on the desk before the interaction recorded it)", Interlocked.Read(ref acceptRetries));
                clean.Check(desks.CapacityViolations == 0, $"{desks.CapacityViolations} desk event(s) showed an operator over capacity, e.g. {string.Join("; ", desks.SampleViolations)}");
                clean.Check(desks.StreamFailures == 0, $"{desks.StreamFailures} desk stream(s) failed during the run");
            });
    }

    /// <summary>A registration that entered the queue; a contact closed at once (unanswered) fails the step under its reason.</summary>
    internal static Response<Interaction> Waiting(Interaction card) =>
        card.State is InteractionState.Queued or InteractionState.Offered
            ? Response.Ok(card)
            : Response.Fail<Interaction>($"Unanswered{card.UnansweredReason}", $"{card.Id} was {card.State} {card.Outcome} ({card.UnansweredReason}) at registration");

    /// <summary>
    /// Accepts as the operator the desk saw the offer go to. Until the interaction records the
    /// offer, accepting is FAILED_PRECONDITION: try again shortly, following a newer offer if the
    /// first one lapsed and went to another desk.
    /// </summary>
    internal static async Task<(string OperatorId, int Retries)> AcceptAsync(
        NodeClients node, InteractionSignals signals, string interactionId, string operatorId, CancellationToken cancellation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await node.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = operatorId, InteractionId = interactionId }, cancellationToken: cancellation);
                return (operatorId, attempt);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition && attempt < MaxAcceptAttempts)
            {
                if (signals.Offers.Reader.TryRead(out var newer))
                {
                    operatorId = newer.OperatorId;
                }
                else
                {
                    await Task.Delay(1, cancellation);
                }
            }
        }
    }
}
