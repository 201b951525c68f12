using System.Diagnostics;
using System.Globalization;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// A compressed working day of the 1414 centre (<see cref="DayShape"/>): one iteration is one
/// citizen. Voice calls and text chats arrive on a 1st-line queue; operators (the iteration, on
/// the desk that got the offer) accept, talk a random time (the citizen speaks or writes now and
/// then, as a gateway reports it), and complete the card. Some citizens hang up while waiting;
/// any citizen not offered within their patience hangs up too; some go silent after the
/// operator's question and the node closes the conversation for inactivity; some are
/// transferred to the 2nd line, where a 2nd-line operator accepts, talks and completes. At the
/// end the node's own live figures of both queues give the regulatory KPIs achieved (SL 90/20,
/// average wait, lost share), also as day-equivalents. Invariants: every interaction ends in a
/// terminal state, none is lost, no desk ever shows an operator over capacity, no desk stream fails.
/// </summary>
public sealed class DayScenario : ILoadScenario
{
    /// <summary>How long the figures may take to take in the last facts (each silo flushes them every second).</summary>
    private static readonly TimeSpan FiguresPatience = TimeSpan.FromSeconds(20);

    private enum Fate
    {
        Served,
        HangsUpInQueue,
        GoesSilent,
        Transferred,
    }

    public string Name => "day";

    public string Usage =>
        $"day [--operators 50] [--second-line operators/5] [--text 25] [--transfers 10] [--silent 5] [--hang-ups 3] (percentages): the 1414 centre's day " +
        $"({DayShape.DayContacts:N0} contacts, {DayShape.DayOperators} operators, 12 h) scaled to --operators and compressed so contacts arrive at --rate (default {DayShape.DefaultRate}) a second; reports SL 90/20, average wait and lost share";

    public IReadOnlyCollection<string> Options => DayShape.OptionNames;

    public LoadSimulation DefaultLoad(TimeSpan duration) => Simulation.Inject(DayShape.DefaultRate, TimeSpan.FromSeconds(1), duration);

    public IReadOnlyDictionary<string, string?> EmbeddedSettings(CliOptions options) => DayShape.From(options).EmbeddedSettings;

    public TimeSpan DefaultDrain(CliOptions options, bool embedded)
    {
        var shape = DayShape.From(options);
        return shape.InactivityLimit(Channel.Text) + shape.Compress(DayShape.TextTalk.Max) + TimeSpan.FromSeconds(30);
    }

    public ScenarioProps Create(CliOptions options, NodeClients node)
    {
        var shape = DayShape.From(options);
        var slice = DirectorySlice.New(
            Name,
            new Dictionary<Channel, int> { [Channel.Voice] = 1, [Channel.Text] = 3 },
            shape.Operators,
            shape.SecondLine);
        var desks = new DeskFleet(node, slice);
        var ledger = new InteractionLedger();
        var fates = new long[Enum.GetValues<Fate>().Length];
        long voice = 0, text = 0, outOfPatience = 0, talkingClosedForInactivity = 0;

        return Scenario.Create(Name, async context =>
            {
                var cancellation = context.CancellationToken;
                var channel = Random.Shared.Next(100) < shape.TextPercent ? Channel.Text : Channel.Voice;
                var fate = Draw(shape);
                Interlocked.Increment(ref (channel == Channel.Text ? ref text : ref voice));
                Interlocked.Increment(ref fates[(int)fate]);

                var started = Stopwatch.GetTimestamp();
                var registered = await Step.Run("register", context, async () =>
                {
                    var response = await node.Routing.RegisterInteractionAsync(slice.Registration(context.InvocationNumber, channel), cancellationToken: cancellation);
                    ledger.Register(response.Interaction);
                    return InboundScenario.Waiting(response.Interaction);
                });

                var id = registered.Payload.Id;
                var signals = desks.For(id);
                try
                {
                    if (fate == Fate.HangsUpInQueue)
                    {
                        await Task.Delay(shape.Compress(DayShape.HangUpWithin * Random.Shared.NextDouble()), cancellation);
                        await HangUpAsync(node, ledger, context, id);
                        return Response.Ok();
                    }

                    var offer = await OfferWithinPatienceAsync(signals, shape.Compress(DayShape.Patience), cancellation);
                    if (offer is null)
                    {
                        Interlocked.Increment(ref outOfPatience);
                        await HangUpAsync(node, ledger, context, id);
                        return Response.Ok();
                    }

                    await Step.Run("offer", context, () => Task.FromResult(Response.Ok(offer, Stopwatch.GetElapsedTime(started, offer.At))));
                    var operatorId = (await Step.Run("accept", context, async () =>
                        Response.Ok((await InboundScenario.AcceptAsync(node, signals, id, offer.OperatorId, cancellation)).OperatorId))).Payload;
                    var talk = shape.Draw(channel == Channel.Text ? DayShape.TextTalk : DayShape.VoiceTalk);

                    switch (fate)
                    {
                        case Fate.GoesSilent:
                            await TalkAsync(node, shape, context, id, channel, talk / 2);
                            await Step.Run("question", context, async () => Response.Ok(await node.Desk.SendMessageAsync(
                                new SendMessageRequest { OperatorId = operatorId, InteractionId = id, Text = channel == Channel.Text ? "Which month's payment do you mean?" : string.Empty },
                                cancellationToken: cancellation)));
                            var askedAt = Stopwatch.GetTimestamp();
                            await Step.Run("auto-closure", context, async () =>
                            {
                                var heard = await signals.WrapUpStarted.Task.WaitAsync(shape.InactivityLimit(channel) + TimeSpan.FromSeconds(30), cancellation);
                                return Response.Ok(heard, Stopwatch.GetElapsedTime(askedAt, heard));
                            });
                            await CompleteAsync(node, ledger, context, operatorId, id, InteractionOutcome.ClosedForInactivity);
                            break;

                        case Fate.Transferred:
                            await TalkAsync(node, shape, context, id, channel, talk / 2);
                            var transferredAt = Stopwatch.GetTimestamp();
                            await Step.Run("transfer", context, async () => Response.Ok(await node.Desk.TransferAsync(
                                new TransferRequest { OperatorId = operatorId, InteractionId = id, Kind = TransferKind.SecondLine, Target = DirectorySlice.Organisation, Note = "Needs a recalculation decision." },
                                cancellationToken: cancellation)));
                            var secondOffer = await Step.Run("2nd-line offer", context, async () =>
                            {
                                var seen = await signals.Offers.Reader.ReadAsync(cancellation);
                                while (!slice.IsSecondLine(seen.OperatorId))
                                {
                                    seen = await signals.Offers.Reader.ReadAsync(cancellation);
                                }

                                return Response.Ok(seen, Stopwatch.GetElapsedTime(transferredAt, seen.At));
                            });
                            var secondLineOperator = (await Step.Run("2nd-line accept", context, async () =>
                                Response.Ok((await InboundScenario.AcceptAsync(node, signals, id, secondOffer.Payload.OperatorId, cancellation)).OperatorId))).Payload;
                            await TalkAsync(node, shape, context, id, channel, talk);
                            if (await CompleteAsync(node, ledger, context, secondLineOperator, id, InteractionOutcome.Resolved) == InteractionOutcome.ClosedForInactivity)
                            {
                                Interlocked.Increment(ref talkingClosedForInactivity);
                            }

                            break;

                        default:
                            await TalkAsync(node, shape, context, id, channel, talk);
                            if (await CompleteAsync(node, ledger, context, operatorId, id, InteractionOutcome.Resolved) == InteractionOutcome.ClosedForInactivity)
                            {
                                Interlocked.Increment(ref talkingClosedForInactivity);
                            }

                            break;
                    }

                    return Response.Ok();
                }
                finally
                {
                    desks.Forget(id);
                }
            })
            .WithInit(async _ =>
            {
                var serviceLevel = new ServiceLevelTarget
                {
                    Percent = DayShape.ServiceLevelPercent,
                    AnswerWithin = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(shape.Compress(DayShape.ServiceLevelWithin)),
                };
                await slice.CreateAsync(node, CancellationToken.None, serviceLevel);
                await desks.StartAsync(CancellationToken.None);
            })
            .WithClean(async clean =>
            {
                await ledger.SettleAsync(node, clean);
                await desks.StopAsync();
                clean.Report("shape", shape);
                clean.Report("day covered by the measured time (h)", Math.Round(shape.Expand(clean.Measured).TotalHours, 2));
                clean.Report("contacts: voice / text (warm-up included)", $"{Interlocked.Read(ref voice)} / {Interlocked.Read(ref text)}");
                clean.Report(
                    "citizens served / hung up in the queue / went silent / transferred to the 2nd line",
                    string.Join(" / ", fates.Select((_, i) => Interlocked.Read(ref fates[i]))));
                clean.Report("citizens who ran out of patience before an offer (hung up)", Interlocked.Read(ref outOfPatience));
                clean.Report("talking citizens closed for inactivity (activity reports late: an overloaded machine)", Interlocked.Read(ref talkingClosedForInactivity));
                clean.Report("queues (1st line, 2nd line)", $"{slice.QueueId}, {slice.SecondLineQueueId}");
                foreach (var (line, queueId) in new[] { ("1st line", slice.QueueId), ("2nd line", slice.SecondLineQueueId!) })
                {
                    var figures = await SettledFiguresAsync(node, queueId);
                    ReportKpis(clean, shape, line, figures);
                }

                clean.Check(desks.CapacityViolations == 0, $"{desks.CapacityViolations} desk event(s) showed an operator over capacity, e.g. {string.Join("; ", desks.SampleViolations)}");
                clean.Check(desks.StreamFailures == 0, $"{desks.StreamFailures} desk stream(s) failed during the run: {string.Join("; ", desks.SampleFailures)}");
            });
    }

    private static Fate Draw(DayShape shape)
    {
        var roll = Random.Shared.Next(100);
        return roll < shape.HangUpPercent ? Fate.HangsUpInQueue
            : roll < shape.HangUpPercent + shape.SilentPercent ? Fate.GoesSilent
            : roll < shape.HangUpPercent + shape.SilentPercent + shape.TransferPercent ? Fate.Transferred
            : Fate.Served;
    }

    /// <summary>The first offer on a desk, or null when the citizen's patience ran out first.</summary>
    private static async Task<OfferSeen?> OfferWithinPatienceAsync(InteractionSignals signals, TimeSpan patience, CancellationToken cancellation)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        waiting.CancelAfter(patience);
        try
        {
            return await signals.Offers.Reader.ReadAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task HangUpAsync(NodeClients node, InteractionLedger ledger, IScenarioContext context, string id) =>
        await Step.Run("hang-up", context, async () =>
        {
            var card = await node.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = id, Ending = CitizenEnding.HangUp }, cancellationToken: context.CancellationToken);
            ledger.Close(card);
            return card.State == InteractionState.Closed
                ? Response.Ok(card)
                : Response.Fail<Interaction>("NotClosed", $"{id} is {card.State} after the citizen hung up");
        });

    /// <summary>The conversation for <paramref name="talk"/>: the citizen speaks or writes every quarter of the inactivity limit, as the gateway reports it.</summary>
    private static async Task TalkAsync(NodeClients node, DayShape shape, IScenarioContext context, string id, Channel channel, TimeSpan talk)
    {
        var every = shape.InactivityLimit(channel) / 4;
        var until = Stopwatch.GetTimestamp() + (long)(talk.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds((until - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < every ? left : every, context.CancellationToken);
            if (left > every)
            {
                await Step.Run("citizen activity", context, async () => Response.Ok(await node.Routing.ReportCitizenActivityAsync(
                    new CitizenActivityRequest { InteractionId = id, Text = channel == Channel.Text ? "And what about the indexation?" : string.Empty },
                    cancellationToken: context.CancellationToken)));
            }
        }
    }

    /// <summary>Completes the card; a talking citizen's conversation the node closed for inactivity still closes, and its outcome is returned.</summary>
    private static async Task<InteractionOutcome> CompleteAsync(
        NodeClients node, InteractionLedger ledger, IScenarioContext context, string operatorId, string id, InteractionOutcome expected)
    {
        var completed = await Step.Run("complete", context, async () =>
        {
            var card = await node.Desk.CompleteInteractionAsync(InteractionLedger.Completion(operatorId, id), cancellationToken: context.CancellationToken);
            ledger.Close(card);
            var acceptable = card.State == InteractionState.Closed
                && (card.Outcome == expected || (expected == InteractionOutcome.Resolved && card.Outcome == InteractionOutcome.ClosedForInactivity));
            return acceptable
                ? Response.Ok(card)
                : Response.Fail<Interaction>($"Not{expected}", $"{id} is {card.State} {card.Outcome} after completion");
        });
        return completed.Payload.Outcome;
    }

    /// <summary>The queue's figures of today once two reads a second and a half apart agree (the silos flush their facts every second).</summary>
    private static async Task<FigureSet> SettledFiguresAsync(NodeClients node, string queueId)
    {
        var patience = Stopwatch.StartNew();
        var previous = (await node.Supervision.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = queueId })).Today;
        while (patience.Elapsed < FiguresPatience)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var latest = (await node.Supervision.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = queueId })).Today;
            if (latest.Equals(previous))
            {
                return latest;
            }

            previous = latest;
        }

        return previous;
    }

    private static void ReportKpis(ScenarioCleanContext clean, DayShape shape, string line, FigureSet figures)
    {
        var averageWait = figures.AverageWait?.ToTimeSpan();
        clean.Report($"{line}: offered / answered / abandoned / short abandons / unanswered", $"{figures.Offered} / {figures.Answered} / {figures.Abandoned} / {figures.AbandonedShort} / {figures.Unanswered}");
        clean.Report(
            $"{line}: **SL {DayShape.ServiceLevelPercent}/{DayShape.ServiceLevelWithin.TotalSeconds:0}** (answered within {shape.Compress(DayShape.ServiceLevelWithin).TotalMilliseconds:0.#} ms run time)",
            figures.HasServiceLevel ? Verdict($"{figures.ServiceLevel:P1}", figures.ServiceLevel >= DayShape.ServiceLevelPercent / 100.0) : "none answered");
        clean.Report(
            $"{line}: **average wait** (day-equivalent; run time)",
            averageWait is { } wait
                ? Verdict(string.Create(CultureInfo.InvariantCulture, $"{shape.Expand(wait).TotalSeconds:0.#} s; {wait.TotalMilliseconds:0.#} ms"), shape.Expand(wait) <= DayShape.AverageWaitBound)
                : "none waited");
        clean.Report(
            $"{line}: **lost share** (abandoned ÷ offered less short abandons)",
            figures.HasAbandonedShare ? Verdict($"{figures.AbandonedShare:P1}", figures.AbandonedShare <= DayShape.LostShareBound) : "none offered");
        clean.Report(
            $"{line}: handled / average handle time (day-equivalent) / transfers / breached transfers",
            string.Create(CultureInfo.InvariantCulture, $"{figures.Handled} / {(figures.AverageHandleTime is { } aht ? $"{shape.Expand(aht.ToTimeSpan()).TotalMinutes:0.0} min" : "-")} / {figures.Transfers} / {figures.BreachedTransfers}"));
    }

    private static string Verdict(string value, bool met) => $"{value} ({(met ? "meets" : "misses")} the bound)";
}
