using ContactCenter.Model;

namespace ContactCenter.Interactions;

/// <summary>The one place that says which state changes of an interaction are legal.</summary>
public static class InteractionTransitions
{
    private static readonly Dictionary<InteractionState, InteractionState[]> Legal = new()
    {
        [InteractionState.New] = [InteractionState.Queued, InteractionState.Scheduled, InteractionState.Closed],
        [InteractionState.Scheduled] = [InteractionState.Queued, InteractionState.Closed],

        // A waiting callback goes back to Scheduled when the region's working day ends.
        [InteractionState.Queued] = [InteractionState.Offered, InteractionState.Scheduled, InteractionState.Closed],
        [InteractionState.Offered] = [InteractionState.Queued, InteractionState.Connected, InteractionState.Closed],
        [InteractionState.Connected] = [InteractionState.Transferring, InteractionState.WrapUp],
        [InteractionState.Transferring] = [InteractionState.Queued, InteractionState.Offered],
        [InteractionState.WrapUp] = [InteractionState.Closed],
        [InteractionState.Closed] = [],
    };

    public static bool IsLegal(InteractionState from, InteractionState to) => Legal[from].Contains(to);

    public static void EnsureLegal(string interactionId, InteractionState from, InteractionState to)
    {
        if (!IsLegal(from, to))
        {
            throw ContactCenterException.Precondition($"interaction '{interactionId}' cannot go from {from} to {to}");
        }
    }
}
