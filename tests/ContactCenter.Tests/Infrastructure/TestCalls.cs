using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>Registers contacts the way a gateway does, with ids unique to the test's directory.</summary>
public static class TestCalls
{
    public static Task<string> RegisterVoiceAsync(IGrainFactory grains, TestDirectory dir, string phone = "+79001234567") =>
        RegisterAsync(grains, dir, Channel.Voice, phone);

    public static async Task<string> RegisterAsync(IGrainFactory grains, TestDirectory dir, Channel channel, string phone = "+79001234567")
    {
        var id = $"{dir.Id("i")}-{Guid.NewGuid():N}";
        await grains.GetGrain<IInteractionGrain>(id).RegisterAsync(
            new Registration(channel, phone, TestDirectory.Moscow, "ru", null, dir.Organisation, [], TimeSpan.Zero));
        return id;
    }

    /// <summary>Registers a contact, waits for its offer to the operator (who must be the only one available) and accepts it.</summary>
    public static async Task<InteractionView> ConnectAsync(IGrainFactory grains, TestDirectory dir, string operatorId, Channel channel = Channel.Voice)
    {
        var id = await RegisterAsync(grains, dir, channel);
        var interaction = grains.GetGrain<IInteractionGrain>(id);
        await OfferedToAsync(grains, id, operatorId);
        return await interaction.AcceptAsync(operatorId);
    }

    /// <summary>Whether the durable deadline watch holds the interaction (asks its shard, never the interaction).</summary>
    public static Task<bool> IsWatchedAsync(IGrainFactory grains, string id) => WatchShardOf(grains, id).IsWatchingAsync(id).AsTask();

    /// <summary>The deadline-watch shard that holds the interaction under the default shard count.</summary>
    public static IDeadlineWatchGrain WatchShardOf(IGrainFactory grains, string id) =>
        grains.GetGrain<IDeadlineWatchGrain>(DeadlineWatch.ShardOf(id, new ContactCenter.Common.RoutingOptions().DeadlineWatchShards));

    public static Task<InteractionView> OfferedToAsync(IGrainFactory grains, string id, string operatorId) =>
        Eventually.MatchAsync(
            () => grains.GetGrain<IInteractionGrain>(id).GetAsync(),
            v => v.State == InteractionState.Offered && v.OperatorId == operatorId, $"{id} offered to {operatorId}");
}
