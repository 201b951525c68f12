using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// One citizen, one operator, through the public gRPC API: the walk-through a newcomer runs to see
/// a call routed. The operator is op-petrov of the demo directory (SFR 1st line).
/// </summary>
public static class DemoScenario
{
    private const string OperatorId = "op-petrov";

    public static async Task<int> RunAsync(Uri target, NodeTokens tokens, TextWriter output, CancellationToken cancellation)
    {
        using var node = new NodeClients(target, 1, tokens);
        var desk = node.Desk;
        var routing = node.Routing;

        var state = await desk.SignInAsync(new SignInRequest { OperatorId = OperatorId }, cancellationToken: cancellation);
        output.WriteLine($"operator {state.OperatorId} ({state.Name}) signed in: {state.Status}, queues {string.Join(", ", state.QueueIds)}");

        using var stream = desk.Subscribe(new OperatorRequest { OperatorId = OperatorId }, cancellationToken: cancellation);
        await NextAsync(stream.ResponseStream, DeskEventKind.Snapshot, cancellation);

        var registered = await routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            IdempotencyKey = $"demo:{Guid.NewGuid()}",
            Channel = Channel.Voice,
            CallerNumber = "+7 900 123-45-67",
            RegionId = "RU-MOW",
            Language = "ru",
            TopicId = "pension",
            RobotTranscript = { "Robot: How can I help you?", "Citizen: When will my pension be recalculated?" },
            RobotDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(42)),
        }, cancellationToken: cancellation);
        var id = registered.Interaction.Id;
        output.WriteLine($"gateway registered {id}: {registered.Interaction.State} in {registered.Interaction.QueueId}");

        var offer = await NextAsync(stream.ResponseStream, DeskEventKind.OfferMade, cancellation);
        output.WriteLine($"desk received offer {offer.Offer.InteractionId} ({offer.Offer.Channel}, region {offer.Offer.RegionId}), expires {offer.Offer.ExpiresAt.ToDateTimeOffset():HH:mm:ss}");

        var connected = await desk.AcceptOfferAsync(new InteractionRequest { OperatorId = OperatorId, InteractionId = id }, cancellationToken: cancellation);
        output.WriteLine($"operator accepted: {connected.State}");

        var closed = await desk.CompleteInteractionAsync(new CompleteInteractionRequest
        {
            OperatorId = OperatorId,
            InteractionId = id,
            Topics = { "pension/recalculation" },
            Answer = "Recalculation happens automatically on 1 August; no application needed.",
        }, cancellationToken: cancellation);
        output.WriteLine($"operator completed: {closed.State}, outcome {closed.Outcome}");

        var card = await routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }, cancellationToken: cancellation);
        output.WriteLine("timeline:");
        foreach (var entry in card.Timeline)
        {
            output.WriteLine($"  {entry.At.ToDateTimeOffset():HH:mm:ss.fff}  {entry.Kind,-14} {entry.Actor,-20} {entry.Detail}");
        }

        await desk.SignOutAsync(new OperatorRequest { OperatorId = OperatorId }, cancellationToken: cancellation);
        return card.State == InteractionState.Closed ? 0 : 1;
    }

    private static async Task<DeskEvent> NextAsync(IAsyncStreamReader<DeskEvent> events, DeskEventKind kind, CancellationToken cancellation)
    {
        while (await events.MoveNext(cancellation))
        {
            if (events.Current.Kind == kind)
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException($"the desk stream ended before a {kind} event");
    }
}
