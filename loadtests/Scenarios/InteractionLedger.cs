using System.Collections.Concurrent;
using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// Every interaction a scenario registered (warm-up included) until the node confirms it closed.
/// At the end it settles what is still open (a citizen hangs up on a waiting contact, an
/// operator completes a connected one) and checks that everything closes: nothing is lost.
/// </summary>
public sealed class InteractionLedger
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Interaction> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private long _registered;

    public long Registered => Interlocked.Read(ref _registered);

    public void Register(Interaction card)
    {
        Interlocked.Increment(ref _registered);
        if (card.State == InteractionState.Closed)
        {
            Count(card);
        }
        else
        {
            _open[card.Id] = card;
        }
    }

    /// <summary>Counts a card the node returned closed, once per interaction.</summary>
    public void Close(Interaction card)
    {
        if (card.State == InteractionState.Closed && _open.TryRemove(card.Id, out _))
        {
            Count(card);
        }
    }

    /// <summary>Ends what is still open, waits for it to close, and records the verdict in <paramref name="clean"/>.</summary>
    public async Task SettleAsync(NodeClients node, ScenarioCleanContext clean)
    {
        var leftovers = _open.Values.ToList();
        long hungUp = 0, completed = 0;
        await Parallel.ForEachAsync(leftovers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (known, _) =>
        {
            try
            {
                var card = await node.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = known.Id });
                switch (card.State)
                {
                    case InteractionState.Connected or InteractionState.WrapUp:
                        Close(await node.Desk.CompleteInteractionAsync(Completion(card.OperatorId, card.Id)));
                        Interlocked.Increment(ref completed);
                        break;
                    case InteractionState.Queued or InteractionState.Offered or InteractionState.Transferring:
                        Close(await node.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = card.Id, Ending = CitizenEnding.HangUp }));
                        Interlocked.Increment(ref hungUp);
                        break;
                    default:
                        Close(card);
                        break;
                }
            }
            catch (RpcException)
            {
                // Looked at again below; whatever stays open is reported as lost.
            }
        });

        var patience = Stopwatch.StartNew();
        while (!_open.IsEmpty && patience.Elapsed < SettleLimit)
        {
            await Parallel.ForEachAsync(_open.Keys.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            {
                try
                {
                    Close(await node.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }));
                }
                catch (RpcException)
                {
                    // Still open as far as we know.
                }
            });
            if (!_open.IsEmpty)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }

        clean.Report("interactions registered (warm-up included)", Registered);
        clean.Report("still open when the load stopped", leftovers.Count);
        clean.Report("  of them ended by the citizen at the end (waiting or offered)", hungUp);
        clean.Report("  of them completed by the operator at the end (connected or in wrap-up)", completed);
        foreach (var (outcome, count) in _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            clean.Report($"closed {outcome}", count);
        }

        clean.Check(_open.IsEmpty, $"{_open.Count} interaction(s) lost: not closed {SettleLimit.TotalSeconds:0} s after the end, e.g. {string.Join(", ", _open.Keys.Take(5))}");
    }

    public static CompleteInteractionRequest Completion(string operatorId, string interactionId) => new()
    {
        OperatorId = operatorId,
        InteractionId = interactionId,
        Topics = { DirectorySlice.TopicCode },
        Answer = "Recalculation happens automatically; no application is needed.",
    };

    private void Count(Interaction card) => _outcomes.AddOrUpdate(OutcomeName(card), 1, (_, n) => n + 1);

    private static string OutcomeName(Interaction card) => card.Outcome == InteractionOutcome.Unanswered
        ? $"{card.Outcome} ({card.UnansweredReason})"
        : card.Outcome.ToString();
}
