using ContactCenter.Api.Hosting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ContactCenter.Tests.Api;

public sealed class TimeLimitsStartupTests
{
    [Fact]
    public async Task A_time_limit_of_zero_stops_the_node_at_start_up_naming_the_limit()
    {
        var ports = FreePorts.Take(4);
        await using var app = ApiHost.Build(
        [
            $"--Hosting:GrpcPort={ports[0]}",
            $"--Hosting:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}",
            $"--Cluster:GatewayPort={ports[3]}",
            "--Logging:LogLevel:Default=Warning",
            "--environment=Development",
            "--TimeLimits:VoiceInactivity=00:00:00",
        ]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(nameof(ContactCenter.Common.TimeLimitsOptions.VoiceInactivity), error.Message);
    }
}
