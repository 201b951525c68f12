using ContactCenter.Api.Hosting;
using ContactCenter.Silo.Persistence;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ContactCenter.Tests.Postgres;

public sealed class StateStoreStartupTests
{
    [Theory]
    [InlineData(nameof(DatabaseOptions.StateConnections), "0")]
    [InlineData(nameof(DatabaseOptions.StateBatchLimit), "0")]
    public async Task A_grouped_state_store_setting_out_of_range_stops_the_node_at_start_up_naming_it(string setting, string value)
    {
        await using var app = ApiHost.Build(EmbeddedNodeArguments.With(
            "--Hosting:Role=Embedded",
            // Refused before anything connects: no server need answer here.
            "--ConnectionStrings:ContactCenter=Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            $"--Database:{setting}={value}"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(setting, error.Message);
    }
}
