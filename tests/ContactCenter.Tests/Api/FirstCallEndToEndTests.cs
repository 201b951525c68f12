using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

/// <summary>The first slice through the real gRPC services, against the seeded demo directory.</summary>
[Collection(ApiCollection.Name)]
public sealed class FirstCallEndToEndTests(ApiFixture api)
{
    // The only OSZN 1st-line operator of the demo directory, so no other test routes to her.
    private const string Operator = "op-smirnova";

    [Fact]
    public async Task A_call_is_registered_offered_on_the_desk_stream_accepted_completed_and_closed_with_its_timeline()
    {
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = Operator });
        using var stream = api.Desk.Subscribe(new OperatorRequest { OperatorId = Operator });
        var events = stream.ResponseStream;
        Assert.True(await events.MoveNext());
        Assert.Equal(DeskEventKind.Snapshot, events.Current.Kind);
        Assert.Equal(OperatorStatus.Available, events.Current.State.Status);

        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            IdempotencyKey = $"gw-1:{Guid.NewGuid()}",
            Channel = Channel.Voice,
            CallerNumber = "+7 (900) 123-45-67",
            RegionId = "RU-NVS",
            Language = "ru",
            TopicId = "social-benefits",
            RobotTranscript = { "Hello, how can I help?", "About child benefit" },
            RobotDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(45)),
        });
        var id = registered.Interaction.Id;
        Assert.Equal("OSZN", registered.Interaction.OrganisationId);
        Assert.Equal("oszn-l1", registered.Interaction.QueueId);
        Assert.Equal("+79001234567", registered.Interaction.CallerNumber);

        var offer = await NextAsync(events, DeskEventKind.OfferMade);
        Assert.Equal(id, offer.Offer.InteractionId);
        Assert.Equal(Channel.Voice, offer.Offer.Channel);
        Assert.Equal(OperatorStatus.Busy, offer.State.Status);

        var accepted = await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = Operator, InteractionId = id });
        Assert.Equal(InteractionState.Connected, accepted.State);
        Assert.Equal(Operator, accepted.OperatorId);
        Assert.Equal(id, (await NextAsync(events, DeskEventKind.Assigned)).InteractionId);

        var completed = await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest
        {
            OperatorId = Operator,
            InteractionId = id,
            Topics = { "social-benefits/child-benefit" },
            Answer = "Explained the documents needed for the child benefit",
        });
        Assert.Equal(InteractionState.Closed, completed.State);
        Assert.Equal(InteractionOutcome.Resolved, completed.Outcome);
        var released = await NextAsync(events, DeskEventKind.Released);
        Assert.Equal(OperatorStatus.Available, released.State.Status);

        var card = await api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id });
        Assert.Equal(
            ["Registered", "RobotDialogue", "Queued", "Offered", "Connected", "ConversationEnded", "WrapUpStarted", "Completed", "WrapUpEnded", "Closed"],
            card.Timeline.Select(e => e.Kind));
        Assert.Equal($"operator:{Operator}", card.Timeline.Single(e => e.Kind == "Connected").Actor);
        Assert.Equal(["social-benefits/child-benefit"], card.Topics);
        Assert.Equal(2, card.RobotTranscript.Count);
        Assert.NotNull(card.ClosedAt);
        Assert.False(string.IsNullOrEmpty(card.CitizenCardId));
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_idempotency_key_returns_the_same_interaction()
    {
        // Signed in but on a break: the queue is staffed, so the call waits instead of going unanswered.
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = "op-kuznetsov", InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Meeting });
        var request = new RegisterInteractionRequest
        {
            IdempotencyKey = $"gw-2:{Guid.NewGuid()}",
            Channel = Channel.Text,
            CallerNumber = "+79005550000",
            RegionId = "RU-PRI",
            Language = "ru",
            TopicId = "disability-assessment",
        };

        var first = await api.Routing.RegisterInteractionAsync(request);
        var second = await api.Routing.RegisterInteractionAsync(request);

        Assert.Equal(first.Interaction.Id, second.Interaction.Id);
        Assert.Single(second.Interaction.Timeline, e => e.Kind == "Registered");
        Assert.Equal("mse-l1", second.Position.QueueId);
        Assert.True(second.Position.Position >= 1);
        var position = await api.Routing.GetQueuePositionAsync(new GetInteractionRequest { InteractionId = first.Interaction.Id });
        Assert.Equal(second.Position.Position, position.Position);

        var conflict = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest(request) { RegionId = "RU-MOW" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);

        var ended = await api.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = first.Interaction.Id });
        Assert.Equal(InteractionOutcome.Unanswered, ended.Outcome);
        Assert.Equal(UnansweredReason.CitizenHungUp, ended.UnansweredReason);
    }

    private static async Task<DeskEvent> NextAsync(IAsyncStreamReader<DeskEvent> events, DeskEventKind kind)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (await events.MoveNext(timeout.Token))
        {
            if (events.Current.Kind == kind)
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException($"the desk stream ended before a {kind} event");
    }
}
