using ContactCenter.Silo.Persistence;
using Npgsql;

namespace ContactCenter.Tests.Common;

/// <summary>The Orleans providers' connection string: automatic preparation on, no reset on return to the pool, a smaller pool, unless configured.</summary>
public sealed class ProviderConnectionStringTests
{
    private const string Configured = "Host=db.internal;Port=5433;Database=contactcenter;Username=cc;Password=secret";

    [Fact]
    public void Preparation_on_reset_off_and_a_smaller_pool_unless_configured_and_everything_else_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(ClusterStorage.ProviderConnectionString(Configured));

        Assert.Equal(ClusterStorage.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(ClusterStorage.DefaultMaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal("db.internal", tuned.Host);
        Assert.Equal(5433, tuned.Port);
        Assert.Equal("contactcenter", tuned.Database);
        Assert.Equal("cc", tuned.Username);
        Assert.Equal("secret", tuned.Password);
    }

    // Each row configures one setting (spelled as people write it): that one wins, the other defaults stay.
    [Theory]
    [InlineData("Max Auto Prepare=0", 0, true, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("MaxAutoPrepare=10", 10, true, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("max auto prepare=5", 5, true, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("No Reset On Close=false", ClusterStorage.DefaultMaxAutoPrepare, false, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("NoResetOnClose=false", ClusterStorage.DefaultMaxAutoPrepare, false, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("no reset on close=False", ClusterStorage.DefaultMaxAutoPrepare, false, ClusterStorage.DefaultMaxPoolSize)]
    [InlineData("Maximum Pool Size=100", ClusterStorage.DefaultMaxAutoPrepare, true, 100)]
    [InlineData("MaxPoolSize=50", ClusterStorage.DefaultMaxAutoPrepare, true, 50)]
    [InlineData("maximum pool size=8", ClusterStorage.DefaultMaxAutoPrepare, true, 8)]
    public void A_configured_setting_wins_and_leaves_the_other_defaults(string setting, int maxAutoPrepare, bool noResetOnClose, int maxPoolSize)
    {
        var tuned = new NpgsqlConnectionStringBuilder(ClusterStorage.ProviderConnectionString($"{Configured};{setting}"));

        Assert.Equal(maxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, tuned.NoResetOnClose);
        Assert.Equal(maxPoolSize, tuned.MaxPoolSize);
    }
}
