using ContactCenter.Model;
using ContactCenter.Reporting;

namespace ContactCenter.Tests.Reporting;

/// <summary>
/// Against the worked example of Call Centre Helper, "Erlang C Formula – Made Simple With an Easy
/// Worked Example" (callcentrehelper.com): 100 calls in 30 minutes, 180 s average handling time,
/// 80 % answered within 20 s. Published: 10 Erlangs; with 11 agents a call waits with probability
/// 0.6821 and the service level is 39 %; the target needs 14 agents (before shrinkage).
/// </summary>
public sealed class ErlangCTests
{
    private static readonly StaffingRequest Example = new(100, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(180), 0.80, TimeSpan.FromSeconds(20));

    [Fact]
    public void Eleven_agents_on_the_textbook_load_wait_as_published()
    {
        var eleven = ErlangC.For(11, Example)!;

        Assert.Equal(10.0, eleven.TrafficErlangs, 9);
        Assert.Equal(0.6821, eleven.ProbabilityOfWaiting, 4);
        Assert.Equal(0.39, eleven.ServiceLevel, 2);
        Assert.Equal(10.0 / 11, eleven.Occupancy, 9);
    }

    [Fact]
    public void The_textbook_target_needs_fourteen_agents()
    {
        var estimate = ErlangC.Estimate(Example);

        Assert.Equal(14, estimate.Operators);
        // 13 agents fall just short (79.6 %), 14 give 88.8 % with an average speed of answer of 7.8 s.
        Assert.True(ErlangC.For(13, Example)!.ServiceLevel < 0.80);
        Assert.Equal(0.888, estimate.ServiceLevel, 3);
        Assert.Equal(7.8, estimate.AverageSpeedOfAnswer.TotalSeconds, 1);
        Assert.Equal(0.1741, estimate.ProbabilityOfWaiting, 4);
    }

    [Fact]
    public void A_very_large_load_stays_finite_and_is_the_fewest_operators_that_meet_the_target()
    {
        // 1414-sized: 6,000 calls in half an hour at 5 minutes each is 1,000 Erlangs; A^N and N! overflow a double long before.
        var request = new StaffingRequest(6000, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), 0.90, TimeSpan.FromSeconds(20));

        var estimate = ErlangC.Estimate(request);

        Assert.Equal(1000.0, estimate.TrafficErlangs, 9);
        Assert.InRange(estimate.Operators, 1001, 1100);
        Assert.True(double.IsFinite(estimate.ProbabilityOfWaiting) && estimate.ServiceLevel >= 0.90);
        Assert.True(ErlangC.For(estimate.Operators - 1, request) is not { } fewer || fewer.ServiceLevel < 0.90);
    }

    [Fact]
    public void No_contacts_need_no_operators()
    {
        var estimate = ErlangC.Estimate(Example with { Contacts = 0 });

        Assert.Equal((0, 1.0), (estimate.Operators, estimate.ServiceLevel));
    }

    [Theory]
    [InlineData(-1, 30, 180, 0.8, "contacts")]
    [InlineData(100, 0, 180, 0.8, "interval")]
    [InlineData(100, 30, 0, 0.8, "average_handle_time")]
    [InlineData(100, 30, 180, 1.0, "target_service_level")]
    [InlineData(100, 30, 180, 0, "target_service_level")]
    public void Bad_input_is_an_invalid_argument_naming_the_field(double contacts, int minutes, int ahtSeconds, double target, string field)
    {
        var refused = Assert.Throws<ContactCenterException>(() => ErlangC.Estimate(
            new StaffingRequest(contacts, TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(ahtSeconds), target, TimeSpan.FromSeconds(20))));

        Assert.Equal(ErrorKind.InvalidArgument, refused.Kind);
        Assert.StartsWith(field, refused.Detail);
    }
}
