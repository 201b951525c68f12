using ContactCenter.Api.Services;
using ContactCenter.Common;
using ContactCenter.Presence;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Tests.Api;

/// <summary>A desk's calls reach its operator grain as signs of life at most once per sixth of the desk timeout.</summary>
public sealed class DeskActivityTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    private DeskActivity Activity(TimeSpan deskTimeout) =>
        new(new DomainClock(_time), Options.Create(new PresenceOptions { DeskTimeout = deskTimeout }));

    [Fact]
    public void The_first_call_passes_and_calls_within_the_interval_do_not()
    {
        var activity = Activity(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(5), activity.Interval);

        Assert.True(activity.ShouldPass("op-1"));
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(activity.ShouldPass("op-1"));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(activity.ShouldPass("op-1"));
        Assert.False(activity.ShouldPass("op-1"));
    }

    [Fact]
    public void Each_operator_has_an_interval_of_its_own()
    {
        var activity = Activity(TimeSpan.FromSeconds(30));
        Assert.True(activity.ShouldPass("op-1"));
        Assert.True(activity.ShouldPass("op-2"));
        Assert.False(activity.ShouldPass("op-1"));
        Assert.False(activity.ShouldPass("op-2"));
    }

    [Fact]
    public void A_desk_silent_for_a_whole_timeout_is_always_passed()
    {
        var activity = Activity(TimeSpan.FromSeconds(12));
        Assert.True(activity.ShouldPass("op-1"));
        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.True(activity.ShouldPass("op-1"));
    }

    [Fact]
    public void A_clock_set_back_does_not_silence_a_desk()
    {
        var time = new SettableTime { Now = _time.GetUtcNow() };
        var activity = new DeskActivity(new DomainClock(time), Options.Create(new PresenceOptions()));
        Assert.True(activity.ShouldPass("op-1"));
        time.Now -= TimeSpan.FromMinutes(1);
        Assert.True(activity.ShouldPass("op-1"));
    }

    /// <summary>A clock that may go back, as a machine's can; FakeTimeProvider refuses to.</summary>
    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
