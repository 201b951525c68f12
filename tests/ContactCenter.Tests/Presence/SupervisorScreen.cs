using ContactCenter.Api.Protos;
using Grpc.Core;

namespace ContactCenter.Tests.Presence;

/// <summary>
/// What a supervisor's screen shows: the snapshot with every change applied, as a client keeps
/// it. Changes are coalesced on the server, so tests wait for a state, not for one message.
/// </summary>
public sealed class SupervisorScreen(IAsyncStreamReader<SupervisorEvent> events)
{
    public Dictionary<string, OperatorPresence> Operators { get; } = [];

    public Dictionary<string, QueueStatistics> Queues { get; } = [];

    public List<SupervisorEventKind> Kinds { get; } = [];

    /// <summary>The latest live figures the stream sent.</summary>
    public LiveStatistics? Figures { get; private set; }

    public async Task<SupervisorScreen> UntilAsync(Func<SupervisorScreen, bool> shows, string what)
    {
        while (!shows(this))
        {
            var next = await DeskStreams.NextAsync(events, _ => true, what);
            Kinds.Add(next.Kind);
            Figures = next.Figures ?? Figures;
            foreach (var presence in next.Operators)
            {
                Operators[presence.OperatorId] = presence;
            }

            foreach (var queue in next.Queues)
            {
                Queues[queue.QueueId] = queue;
            }
        }

        return this;
    }

    public Task<SupervisorScreen> UntilAsync(string operatorId, OperatorStatus status) =>
        UntilAsync(s => s.Operators.TryGetValue(operatorId, out var o) && o.Status == status, $"{operatorId} {status}");
}
