using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing.Concurrency;

/// <summary>
/// What must hold however the steps interleave: no operator over capacity (now, at every desk
/// event, and over the connected intervals of the timelines), no interaction connected twice or
/// to two operators, and every interaction in exactly one place, or closed with a reason.
/// </summary>
public static class Invariants
{
    private static readonly HashSet<TimelineKind> OfferLifecycle =
        [TimelineKind.Queued, TimelineKind.Offered, TimelineKind.OfferDeclined, TimelineKind.OfferExpired, TimelineKind.OfferWithdrawn];

    public static IReadOnlyList<string> Check(
        RoutingScenario scenario, TestDirectory dir, World world, DeskRecorder recorder, IReadOnlyDictionary<string, InteractionSpec> registered)
    {
        var broken = new List<string>();
        var capacity = scenario.Operators.Select((o, j) => (Id: dir.Id($"op{j}"), o.Capacity)).ToDictionary(x => x.Id, x => x.Capacity);

        foreach (var (id, snapshot) in world.Operators)
        {
            CheckWorkload(broken, $"operator {id} at the end", capacity[id], Held(snapshot));
        }

        CheckDeskHistory(broken, recorder, capacity);
        CheckTimelines(broken, world, capacity);
        CheckWhereaboutsOfEveryInteraction(broken, world, registered);
        return broken;
    }

    private static IEnumerable<Channel> Held(OperatorSnapshot snapshot) =>
        snapshot.Offers.Select(o => o.Channel).Concat(snapshot.Assignments.Select(a => a.Channel));

    private static void CheckWorkload(List<string> broken, string who, IReadOnlyDictionary<Channel, int> capacity, IEnumerable<Channel> held)
    {
        var counts = held.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (channel, count) in counts)
        {
            if (count > capacity.GetValueOrDefault(channel))
            {
                broken.Add($"{who} holds {count} {channel} with capacity {capacity.GetValueOrDefault(channel)}");
            }
        }

        var total = counts.Values.Sum();
        if (total > 1 && (counts.ContainsKey(Channel.Voice) || counts.ContainsKey(Channel.Video)))
        {
            broken.Add($"{who} holds a call or video beside other work ({string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))})");
        }
    }

    /// <summary>Every snapshot an operator published, and who ever held each interaction as an assignment.</summary>
    private static void CheckDeskHistory(List<string> broken, DeskRecorder recorder, IReadOnlyDictionary<string, IReadOnlyDictionary<Channel, int>> capacity)
    {
        foreach (var (operatorId, snapshots) in recorder.History)
        {
            foreach (var snapshot in snapshots)
            {
                CheckWorkload(broken, $"operator {operatorId} at desk event {snapshot.Sequence}", capacity[operatorId], Held(snapshot));
            }
        }

        var assignedTo = recorder.History
            .SelectMany(h => h.Value.SelectMany(s => s.Assignments.Select(a => (a.InteractionId, OperatorId: h.Key))))
            .Distinct()
            .GroupBy(x => x.InteractionId);
        foreach (var holders in assignedTo.Where(g => g.Count() > 1))
        {
            broken.Add($"interaction {holders.Key} was assigned to {string.Join(" and ", holders.Select(h => h.OperatorId))}");
        }
    }

    /// <summary>
    /// Each Connected answers an open offer to the same operator, at most once; and the connected
    /// intervals [Connected, Closed) of each operator never exceed its capacity at any instant.
    /// </summary>
    private static void CheckTimelines(List<string> broken, World world, IReadOnlyDictionary<string, IReadOnlyDictionary<Channel, int>> capacity)
    {
        var intervals = new List<(string OperatorId, InteractionView View, DateTimeOffset From, DateTimeOffset To)>();
        foreach (var view in world.Interactions.Values)
        {
            var timeline = view.Timeline;
            var connected = timeline.Select((entry, at) => (entry, at)).Where(x => x.entry.Kind == TimelineKind.Connected).ToList();
            if (connected.Count > 1)
            {
                broken.Add($"interaction {view.Id} was connected {connected.Count} times:{Describe(view)}");
            }

            foreach (var (entry, at) in connected)
            {
                var operatorId = entry.Actor["operator:".Length..];
                var lastOfferStep = timeline.Take(at).LastOrDefault(e => OfferLifecycle.Contains(e.Kind));
                if (lastOfferStep?.Kind != TimelineKind.Offered || lastOfferStep.Detail?.StartsWith($"to operator {operatorId} ", StringComparison.Ordinal) != true)
                {
                    broken.Add($"interaction {view.Id} connected to {operatorId} without an open offer to them:{Describe(view)}");
                }

                var closed = timeline.Skip(at).FirstOrDefault(e => e.Kind == TimelineKind.Closed);
                intervals.Add((operatorId, view, entry.At, closed?.At ?? DateTimeOffset.MaxValue));
            }

            if (timeline.Count(e => e.Kind == TimelineKind.Closed) > 1)
            {
                broken.Add($"interaction {view.Id} was closed more than once:{Describe(view)}");
            }
        }

        foreach (var perOperator in intervals.GroupBy(i => i.OperatorId))
        {
            // Half-open intervals: ends sort before starts at the same instant, and an empty one
            // (connected and closed at the same fake-clock instant) holds nothing.
            var events = perOperator
                .Where(i => i.From < i.To)
                .SelectMany(i => new[] { (At: i.From, Delta: 1, i.View), (At: i.To, Delta: -1, i.View) })
                .OrderBy(e => e.At)
                .ThenBy(e => e.Delta);
            var held = new List<InteractionView>();
            foreach (var e in events)
            {
                if (e.Delta < 0)
                {
                    held.Remove(e.View);
                    continue;
                }

                held.Add(e.View);
                var before = broken.Count;
                CheckWorkload(broken, $"operator {perOperator.Key} by the timelines at {e.At:O}", capacity[perOperator.Key], held.Select(v => v.Registration.Channel));
                if (broken.Count > before)
                {
                    broken.Add(string.Concat(held.Select(Describe)));
                }
            }
        }
    }

    private static string Describe(InteractionView view) =>
        $"{Environment.NewLine}  {view.Id} ({view.Registration.Channel}, {view.State}):{string.Concat(view.Timeline.Select(e => $"{Environment.NewLine}    {e.At:HH:mm:ss.fff} {e.Kind} {e.Actor} {e.Detail}"))}";

    /// <summary>Queued in exactly its queue, offered to or held by exactly its operator, or closed with a reason.</summary>
    private static void CheckWhereaboutsOfEveryInteraction(List<string> broken, World world, IReadOnlyDictionary<string, InteractionSpec> registered)
    {
        var holders = world.Operators.Values
            .SelectMany(o => o.Offers.Select(x => (x.InteractionId, Holder: (o.OperatorId, Kind: "offer")))
                .Concat(o.Assignments.Select(x => (x.InteractionId, Holder: (o.OperatorId, Kind: "assignment")))))
            .ToLookup(x => x.InteractionId, x => x.Holder);

        foreach (var held in holders.Where(h => !registered.ContainsKey(h.Key)))
        {
            broken.Add($"{string.Join(", ", held.Select(h => $"{h.OperatorId} holds an {h.Kind}"))} of {held.Key}, which was never registered");
        }

        foreach (var view in world.Interactions.Values)
        {
            var waitingIn = world.WaitingIn[view.Id];
            var heldBy = holders[view.Id].ToList();
            (string? OperatorId, string Kind)? expectedHolder = view.State switch
            {
                InteractionState.Offered => (view.OperatorId, "offer"),
                InteractionState.Connected or InteractionState.WrapUp => (view.OperatorId, "assignment"),
                _ => null,
            };
            IReadOnlyList<string> expectedQueues = view.State == InteractionState.Queued ? [view.QueueId!] : [];

            if (!waitingIn.SequenceEqual(expectedQueues))
            {
                broken.Add($"interaction {view.Id} is {view.State} in {view.QueueId} but waits in [{string.Join(", ", waitingIn)}]:{Describe(view)}");
            }

            var expectedHolders = expectedHolder is { } h ? [h] : new List<(string?, string)>();
            if (!heldBy.Select(x => ((string?)x.OperatorId, x.Kind)).SequenceEqual(expectedHolders))
            {
                broken.Add($"interaction {view.Id} is {view.State} (operator {view.OperatorId}) but is held as [{string.Join(", ", heldBy.Select(x => $"{x.Kind} of {x.OperatorId}"))}]:{Describe(view)}");
            }

            switch (view.State)
            {
                case InteractionState.Closed when view.Outcome == InteractionOutcome.None:
                    broken.Add($"interaction {view.Id} is closed without an outcome");
                    break;
                case InteractionState.Closed when view.Outcome == InteractionOutcome.Unanswered && view.UnansweredReason == UnansweredReason.None:
                    broken.Add($"interaction {view.Id} is closed unanswered without a reason");
                    break;
                case InteractionState.New:
                    broken.Add($"interaction {view.Id} was registered but never queued nor closed");
                    break;
            }
        }
    }
}
