using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>Registers contacts the way a gateway does, with ids unique to the test's directory.</summary>
public static class TestCalls
{
    public static async Task<string> RegisterVoiceAsync(IGrainFactory grains, TestDirectory dir, string phone = "+79001234567")
    {
        var id = $"{dir.Id("i")}-{Guid.NewGuid():N}";
        await grains.GetGrain<IInteractionGrain>(id).RegisterAsync(
            new Registration(Channel.Voice, phone, TestDirectory.Moscow, "ru", null, dir.Organisation, [], TimeSpan.Zero));
        return id;
    }
}
