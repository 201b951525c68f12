using ContactCenter.Citizens;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Common;

/// <summary>The cached grain references name the same grain, through the same interface, as Orleans' own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public void A_cached_reference_has_the_grain_id_and_interface_of_GetGrain_for_every_interface()
    {
        AssertSame(Grains.Grain<IInteractionGrain>("i-42"), Grains.GetGrain<IInteractionGrain>("i-42"));
        AssertSame(Grains.Grain<IOperatorGrain>("op-7"), Grains.GetGrain<IOperatorGrain>("op-7"));
        AssertSame(Grains.Grain<IQueueGrain>("l1"), Grains.GetGrain<IQueueGrain>("l1"));
        AssertSame(Grains.Grain<ICitizenCardGrain>("card-1"), Grains.GetGrain<ICitizenCardGrain>("card-1"));
        AssertSame(Grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey), Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey));
        // A second key of an interface already resolved takes the cached kind.
        AssertSame(Grains.Grain<IInteractionGrain>("i-43"), Grains.GetGrain<IInteractionGrain>("i-43"));
        AssertSame(Grains.Grain<IDeadlineWatchGrain>(17), Grains.GetGrain<IDeadlineWatchGrain>(17));
        AssertSame(Grains.Grain<IDeadlineWatchGrain>(-3), Grains.GetGrain<IDeadlineWatchGrain>(-3));
        Assert.NotEqual(((GrainReference)(object)Grains.Grain<IInteractionGrain>("i-42")).GrainId, ((GrainReference)(object)Grains.Grain<IInteractionGrain>("i-43")).GrainId);
    }

    [Fact]
    public async Task A_call_through_a_cached_reference_reaches_the_grain_GetGrain_names()
    {
        var directory = await Grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync();
        Assert.Equal((await Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync()).Version, directory.Version);
    }

    [Fact]
    public void A_grain_own_reference_is_the_one_AsReference_gives_for_each_interface_asked()
    {
        var interaction = Grains.GetGrain<IInteractionGrain>("i-44");
        var op = Grains.GetGrain<IOperatorGrain>("op-8");
        AssertSame(Grains.Self<IInteractionGrain>(interaction), interaction.AsReference<IInteractionGrain>());
        AssertSame(Grains.Self<IOperatorGrain>(op), op.AsReference<IOperatorGrain>());
        // The interface is resolved per asked interface, not per grain: the same grain as another interface.
        AssertSame(Grains.Self<IRemindable>(interaction), interaction.AsReference<IRemindable>());
        AssertSame(Grains.Self<IInteractionGrain>(Grains.GetGrain<IInteractionGrain>("i-45")), Grains.GetGrain<IInteractionGrain>("i-45"));
    }

    private static void AssertSame<T>(T cached, T resolved)
    {
        var a = (GrainReference)(object)cached!;
        var b = (GrainReference)(object)resolved!;
        Assert.Equal(b.GrainId, a.GrainId);
        Assert.Equal(b.InterfaceType, a.InterfaceType);
        Assert.Equal(b, a);
    }
}
