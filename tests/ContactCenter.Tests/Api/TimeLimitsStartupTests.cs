using ContactCenter.Api.Hosting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ContactCenter.Tests.Api;

public sealed class TimeLimitsStartupTests
{
    [Fact]
    public async Task A_time_limit_of_zero_stops_the_node_at_start_up_naming_the_limit()
    {
        await using var app = ApiHost.Build(EmbeddedNodeArguments.With("--TimeLimits:VoiceInactivity=00:00:00"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(nameof(ContactCenter.Common.TimeLimitsOptions.VoiceInactivity), error.Message);
    }
}
