using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Routing.Concurrency;

/// <summary>Interleavings the concurrency property test found, pinned down one by one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OfferRaceTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task An_offer_declined_before_the_queue_hears_that_it_stood_goes_back_to_the_waiting_list()
    {
        var (dir, queue) = await OneOperatorQueueAsync();

        var id = $"{dir.Id("i")}-declined-in-flight";
        var interaction = Grains.GetGrain<IInteractionGrain>(id);
        fixture.Gate.Hold(interaction.GetGrainId(), nameof(IInteractionGrain.OfferAsync));
        try
        {
            await interaction.RegisterAsync(new Registration(
                Channel.Voice, "+79001234567", TestDirectory.Moscow, "ru", null, dir.Organisation, [], TimeSpan.Zero));
            await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Offered, "the offer recorded by the interaction");

            // The queue has not yet heard that its offer stood, and the operator already declines.
            await interaction.DeclineAsync(dir.Id("first"));
        }
        finally
        {
            fixture.Gate.Release(interaction.GetGrainId(), nameof(IInteractionGrain.OfferAsync));
        }

        var position = await Eventually.MatchAsync(() => queue.GetPositionAsync(id), p => p is not null, "the interaction waiting in its queue again");
        Assert.Equal(1, position!.Position);
        Assert.Equal(InteractionState.Queued, (await interaction.GetAsync()).State);
    }

    [Fact]
    public async Task A_registration_retried_after_its_phone_lookup_failed_is_placed_though_its_first_offer_is_refused_meanwhile()
    {
        var (dir, _) = await OneOperatorQueueAsync();

        const string phone = "+79001230077";
        var index = Grains.GetGrain<IPhoneIndexGrain>(phone);
        var id = $"{dir.Id("i")}-lookup-failed";
        var interaction = Grains.GetGrain<IInteractionGrain>(id);
        var registration = new Registration(Channel.Voice, phone, TestDirectory.Moscow, "ru", null, dir.Organisation, [], TimeSpan.Zero);
        fixture.Gate.RefuseOnce(index.GetGrainId(), nameof(IPhoneIndexGrain.GetOrAssignCardIdAsync));
        fixture.Gate.Hold(interaction.GetGrainId(), nameof(IInteractionGrain.OfferAsync));
        try
        {
            // The contact entered its queue while the number was looked up; the lookup failed, so the
            // interaction wrote nothing and refuses the offer the queue made meanwhile.
            await Assert.ThrowsAsync<InvalidOperationException>(() => interaction.RegisterAsync(registration).AsTask());
            await fixture.Gate.HeldAsync(interaction.GetGrainId(), nameof(IInteractionGrain.OfferAsync)).WaitAsync(Eventually.DefaultTimeout);

            // The gateway retries before the queue has heard the refusal.
            var retried = await interaction.RegisterAsync(registration);
            Assert.Equal(InteractionState.Queued, retried.State);
            Assert.Equal(await index.GetOrAssignCardIdAsync(), retried.CitizenCardId);
        }
        finally
        {
            fixture.Gate.Release(interaction.GetGrainId(), nameof(IInteractionGrain.OfferAsync));
        }

        // The refused offer does not take the retried entry with it: it is offered again.
        var offered = await TestCalls.OfferedToAsync(Grains, id, dir.Id("first"));
        Assert.Single(offered.Timeline, e => e.Kind == TimelineKind.Registered);
        Assert.Equal([id], (await Grains.GetGrain<ICitizenCardGrain>(offered.CitizenCardId!).GetAsync()).History.Select(h => h.InteractionId));
    }

    /// <summary>Queue "l1" with one available operator "first", listed by the queue as able to take work.</summary>
    private async Task<(TestDirectory Dir, IQueueGrain Queue)> OneOperatorQueueAsync()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("first")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var queue = Grains.GetGrain<IQueueGrain>(dir.Id("l1"));
        await Eventually.MatchAsync(() => queue.GetStatsAsync(), s => s.AvailableOperators == 1, "the operator listed as able to take work");
        return (dir, queue);
    }
}
