using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Queues;

namespace ContactCenter.Tests.Routing;

public sealed class MatchingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static QueueDefinition Queue(SelectionStrategy strategy = SelectionStrategy.LongestIdle, int minPensions = 2) => new(
        "q", "q", "SFR", Line.Second, [Channel.Voice, Channel.Text], new Dictionary<string, int> { ["pensions"] = minPensions },
        [], ["ru"], 1, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(10), strategy);

    private static OperatorCandidate Candidate(
        string id, int pensions = 3, int idleMinutes = 0, int active = 0, string[]? regions = null, string[]? languages = null, int voice = 1, int text = 3) => new(
        id, regions ?? [], new Dictionary<string, int> { ["pensions"] = pensions }, languages ?? ["ru"],
        new Dictionary<Channel, int> { [Channel.Voice] = voice, [Channel.Text] = text }, active, T0.AddMinutes(-idleMinutes));

    private static WaitingEntry Entry(string id = "i1", Channel channel = Channel.Voice, string region = "RU-MOW", string language = "ru", int priority = 1, int waitedSeconds = 0, string[]? declinedBy = null) =>
        new(id, channel, region, language, null, priority, T0.AddSeconds(-waitedSeconds), declinedBy ?? []);

    [Theory]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public void A_candidate_needs_every_required_skill_at_the_minimum_proficiency(int pensions, bool eligible) =>
        Assert.Equal(eligible, Matching.IsEligible(Candidate("a", pensions: pensions), Entry(), Queue(), T0));

    [Fact]
    public void A_candidate_must_serve_the_citizens_region_unless_serving_all_regions()
    {
        Assert.False(Matching.IsEligible(Candidate("a", regions: ["RU-NVS"]), Entry(region: "RU-MOW"), Queue(), T0));
        Assert.True(Matching.IsEligible(Candidate("a", regions: ["RU-NVS", "RU-MOW"]), Entry(region: "RU-MOW"), Queue(), T0));
        Assert.True(Matching.IsEligible(Candidate("a", regions: []), Entry(region: "RU-PRI"), Queue(), T0));
    }

    [Fact]
    public void A_candidate_must_speak_the_citizens_language() =>
        Assert.False(Matching.IsEligible(Candidate("a", languages: ["kk"]), Entry(language: "ru"), Queue(), T0));

    [Fact]
    public void A_candidate_without_free_capacity_on_the_channel_is_not_eligible()
    {
        Assert.False(Matching.IsEligible(Candidate("a", voice: 0), Entry(channel: Channel.Voice), Queue(), T0));
        Assert.True(Matching.IsEligible(Candidate("a", voice: 0), Entry(channel: Channel.Text), Queue(), T0));
    }

    [Fact]
    public void An_operator_who_declined_the_interaction_is_not_offered_it_again() =>
        Assert.False(Matching.IsEligible(Candidate("a"), Entry(declinedBy: ["a"]), Queue(), T0));

    [Fact]
    public void A_callback_reserved_for_one_operator_is_eligible_for_that_operator_only()
    {
        var reserved = Entry() with { ReservedFor = "b" };

        Assert.False(Matching.IsEligible(Candidate("a"), reserved, Queue(), T0));
        Assert.True(Matching.IsEligible(Candidate("b"), reserved, Queue(), T0));
    }

    [Fact]
    public void Longest_idle_puts_the_operator_idle_longest_first()
    {
        var ranked = Matching.RankCandidates([Candidate("recent", idleMinutes: 1), Candidate("long", idleMinutes: 30)], Entry(), Queue(), null, T0);
        Assert.Equal(["long", "recent"], ranked.Select(c => c.OperatorId));
    }

    [Fact]
    public void Most_skilled_puts_the_highest_proficiency_first()
    {
        var ranked = Matching.RankCandidates(
            [Candidate("idle-long", pensions: 2, idleMinutes: 30), Candidate("expert", pensions: 5, idleMinutes: 1)], Entry(), Queue(SelectionStrategy.MostSkilled), null, T0);
        Assert.Equal(["expert", "idle-long"], ranked.Select(c => c.OperatorId));
    }

    [Fact]
    public void Least_occupied_puts_the_operator_with_fewest_interactions_first()
    {
        var ranked = Matching.RankCandidates(
            [Candidate("two", active: 2, idleMinutes: 30), Candidate("none", active: 0)], Entry(channel: Channel.Text), Queue(SelectionStrategy.LeastOccupied), null, T0);
        Assert.Equal(["none", "two"], ranked.Select(c => c.OperatorId));
    }

    [Fact]
    public void Round_robin_starts_after_the_operator_assigned_last()
    {
        var candidates = new[] { Candidate("a"), Candidate("b"), Candidate("c") };
        Assert.Equal(["c", "a", "b"], Matching.RankCandidates(candidates, Entry(), Queue(SelectionStrategy.RoundRobin), "b", T0).Select(c => c.OperatorId));
        Assert.Equal(["a", "b", "c"], Matching.RankCandidates(candidates, Entry(), Queue(SelectionStrategy.RoundRobin), null, T0).Select(c => c.OperatorId));
    }

    [Fact]
    public void Waiting_interactions_are_ordered_by_priority_then_by_time_waited()
    {
        var ordered = new[]
        {
            Entry("low-old", priority: 1, waitedSeconds: 300),
            Entry("high-new", priority: 5, waitedSeconds: 1),
            Entry("low-new", priority: 1, waitedSeconds: 10),
            Entry("high-old", priority: 5, waitedSeconds: 60),
        }.Order(Matching.WaitingOrder).Select(e => e.InteractionId);

        Assert.Equal(["high-old", "high-new", "low-old", "low-new"], ordered);
    }

    [Fact]
    public void The_best_of_several_queue_heads_is_the_highest_priority_then_the_longest_waiting()
    {
        var best = Matching.BestOf([null, Entry("p1", priority: 1, waitedSeconds: 600), Entry("p3", priority: 3, waitedSeconds: 5)]);
        Assert.Equal("p3", best?.InteractionId);
        Assert.Null(Matching.BestOf([null, null]));
    }

    [Fact]
    public void The_waiting_list_reports_positions_in_routing_order()
    {
        var list = new WaitingList();
        list.Add(Entry("b", waitedSeconds: 10));
        list.Add(Entry("a", waitedSeconds: 20));
        list.Add(Entry("vip", priority: 9));

        Assert.Equal(1, list.PositionOf("vip"));
        Assert.Equal(2, list.PositionOf("a"));
        Assert.Equal(3, list.PositionOf("b"));
        Assert.Equal(0, list.PositionOf("gone"));
        Assert.False(list.Add(Entry("a")));
        Assert.NotNull(list.Remove("vip"));
        Assert.Equal(1, list.PositionOf("a"));
    }

    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(4, 2, 360)]
    [InlineData(1, 0, 600)]
    [InlineData(100, 1, 600)]
    public void The_wait_estimate_shares_the_work_ahead_among_the_serving_operators_capped_at_the_maximum_wait(int position, int operators, int expectedSeconds) =>
        Assert.Equal(
            TimeSpan.FromSeconds(expectedSeconds),
            WaitEstimator.Estimate(position, operators, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10)));
}
