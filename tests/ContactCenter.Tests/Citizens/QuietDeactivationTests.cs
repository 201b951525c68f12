using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Tests.Infrastructure;
using Orleans.Runtime;

namespace ContactCenter.Tests.Citizens;

/// <summary>
/// A caller's phone index and card leave memory after a registration's short quiet spell, not
/// minutes later, and a burst of calls from one number still lands on one card.
/// </summary>
public sealed class QuietDeactivationTests : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(new Dictionary<string, string?>
        {
            // A person's work would keep them for the whole test: only the registration's short spell lets them go.
            ["Citizens:QuietDeactivation"] = "00:10:00",
            ["Citizens:QuietAfterRegistration"] = "00:00:00.200",
        });

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_callers_index_and_card_deactivate_after_the_registrations_spell_and_a_burst_from_one_number_shares_one_card()
    {
        var grains = _cluster.Grains;
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(grains);
        const string phone = "+79007770011";

        // Eight registrations at once from one number: none is refused by a deactivation under way.
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TestCalls.RegisterVoiceAsync(grains, dir, phone)));
        var cardId = await grains.GetGrain<IPhoneIndexGrain>(phone).GetOrAssignCardIdAsync();
        foreach (var id in ids)
        {
            Assert.Equal(cardId, (await grains.GetGrain<IInteractionGrain>(id).GetAsync()).CitizenCardId);
        }

        var index = grains.GetGrain<IPhoneIndexGrain>(phone).GetGrainId();
        var card = grains.GetGrain<ICitizenCardGrain>(cardId).GetGrainId();
        await Eventually.MatchAsync(
            () => ActiveAsync(index, card), active => active.Count == 0, "the phone index and the card deactivate after the registration's spell");

        // Read back from storage by new activations: nothing of the burst was lost.
        Assert.Equal(cardId, await grains.GetGrain<IPhoneIndexGrain>(phone).GetOrAssignCardIdAsync());
        // (With nobody signed in each call closes unanswered and its callback task joins the history too.)
        var history = (await grains.GetGrain<ICitizenCardGrain>(cardId).GetAsync()).History.Select(contact => contact.InteractionId).ToList();
        Assert.All(ids, id => Assert.Contains(id, history));
    }

    private async Task<List<GrainId>> ActiveAsync(params GrainId[] grainIds)
    {
        var statistics = await _cluster.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(
            [typeof(PhoneIndexGrain).FullName!, typeof(CitizenCardGrain).FullName!]);
        return [.. statistics.Select(s => s.GrainId).Where(grainIds.Contains)];
    }
}
