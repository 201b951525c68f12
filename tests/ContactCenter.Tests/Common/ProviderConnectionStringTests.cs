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

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=10", 10)]
    [InlineData("max auto prepare=5", 5)]
    public void A_configured_max_auto_prepare_wins_even_when_it_turns_preparation_off(string setting, int expected)
    {
        var tuned = new NpgsqlConnectionStringBuilder(ClusterStorage.ProviderConnectionString($"{Configured};{setting}"));

        Assert.Equal(expected, tuned.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("No Reset On Close=false")]
    [InlineData("NoResetOnClose=false")]
    [InlineData("no reset on close=False")]
    public void A_configured_no_reset_on_close_wins(string setting)
    {
        var tuned = new NpgsqlConnectionStringBuilder(ClusterStorage.ProviderConnectionString($"{Configured};{setting}"));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(ClusterStorage.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Maximum Pool Size=100", 100)]
    [InlineData("MaxPoolSize=50", 50)]
    [InlineData("maximum pool size=8", 8)]
    public void A_configured_pool_size_wins(string setting, int expected)
    {
        var tuned = new NpgsqlConnectionStringBuilder(ClusterStorage.ProviderConnectionString($"{Configured};{setting}"));

        Assert.Equal(expected, tuned.MaxPoolSize);
        Assert.True(tuned.NoResetOnClose);
    }
}
