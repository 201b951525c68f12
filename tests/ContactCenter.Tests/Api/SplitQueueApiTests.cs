using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SplitQueueApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_gateway_sees_the_logical_queue_and_its_position_when_the_queue_is_split_by_region()
    {
        var dir = TestDirectory.Create()
            .Queue("l1", partitions: [TestDirectory.Moscow, TestDirectory.Novosibirsk])
            .Operator("novosibirsk", regions: [TestDirectory.Novosibirsk]);
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("novosibirsk"), InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Lunch });

        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Text,
            CallerNumber = "+79131234567",
            RegionId = TestDirectory.Novosibirsk,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });

        Assert.Equal(InteractionState.Queued, registered.Interaction.State);
        Assert.Equal(dir.Id("l1"), registered.Interaction.QueueId);
        Assert.Equal(dir.Id("l1"), registered.Position.QueueId);
        Assert.Equal(1, registered.Position.Position);
        var position = await api.Routing.GetQueuePositionAsync(new GetInteractionRequest { InteractionId = registered.Interaction.Id });
        Assert.Equal(registered.Position, position);
    }
}
