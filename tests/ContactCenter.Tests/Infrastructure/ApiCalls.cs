using ContactCenter.Api.Protos;
using Grpc.Core;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>What gRPC tests do again and again: register a call the way a gateway does, read the card, expect a refusal.</summary>
public static class ApiCalls
{
    public static async Task<string> RegisterAsync(this ApiFixture api, TestDirectory dir, Channel channel = Channel.Voice)
    {
        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = channel,
            CallerNumber = "+79001234567",
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });
        return registered.Interaction.Id;
    }

    public static Task<Interaction> CardAsync(this ApiFixture api, string id) =>
        api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }).ResponseAsync;

    /// <summary>Waits for the offer to the operator and accepts it.</summary>
    public static async Task<Interaction> AcceptWhenOfferedAsync(this ApiFixture api, string id, string operatorId)
    {
        await Eventually.MatchAsync(() => api.CardAsync(id), c => c.State == InteractionState.Offered && c.OperatorId == operatorId, $"{id} offered to {operatorId}");
        return await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = operatorId, InteractionId = id });
    }

    public static async Task<RpcException> FailsAsync<T>(StatusCode expected, Task<T> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(expected, refused.StatusCode);
        return refused;
    }
}
