using ContactCenter.Api.Protos;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// What no operator state may ever show: more offers and assignments on a channel than the
/// operator's capacity, or voice or video beside anything else (they take the whole attention).
/// </summary>
public static class CapacityCheck
{
    public static string? Violation(OperatorState state, IReadOnlyDictionary<Channel, int> capacity)
    {
        var held = state.Offers.Select(o => (o.Channel, o.InteractionId, What: "offered"))
            .Concat(state.Assignments.Select(a => (a.Channel, a.InteractionId, What: "assigned")))
            .ToList();
        foreach (var channel in held.GroupBy(h => h.Channel))
        {
            var limit = capacity.GetValueOrDefault(channel.Key);
            if (channel.Count() > limit)
            {
                return $"operator {state.OperatorId} held {channel.Count()} {channel.Key} (capacity {limit}): {Describe(channel)}";
            }
        }

        if (held.Count > 1 && held.Any(h => h.Channel is Channel.Voice or Channel.Video))
        {
            return $"operator {state.OperatorId} held voice or video beside other work: {Describe(held)}";
        }

        return null;
    }

    private static string Describe(IEnumerable<(Channel Channel, string InteractionId, string What)> held) =>
        string.Join(", ", held.Select(h => $"{h.InteractionId} {h.What}"));
}
