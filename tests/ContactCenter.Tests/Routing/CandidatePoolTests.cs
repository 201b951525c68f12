using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Queues;
using CsCheck;

namespace ContactCenter.Tests.Routing;

public sealed class CandidatePoolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly Gen<OperatorCandidate> Candidate = Gen.Select(
        Gen.Int[0, 30], Gen.Int[1, 5], Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 600], Gen.Bool, Gen.Bool).Select(
        (id, pensions, voice, active, idleSeconds, oneRegion, speaksKazakh) => new OperatorCandidate(
            $"op{id:00}", oneRegion ? ["RU-NVS"] : [], new Dictionary<string, int> { ["pensions"] = pensions },
            speaksKazakh ? ["kk"] : ["ru"], new Dictionary<Channel, int> { [Channel.Voice] = voice }, active, T0.AddSeconds(-idleSeconds)));

    /// <summary>A change to the pool: an operator announced (new or updated), or gone.</summary>
    private static readonly Gen<(OperatorCandidate Candidate, bool Gone)[]> Changes =
        Gen.Select(Candidate, Gen.Int[0, 4].Select(n => n == 0)).Array[1, 80];

    [Fact]
    public void The_best_candidate_is_the_first_the_full_ranking_gives_for_every_strategy_through_any_changes()
    {
        Gen.Select(Changes, Gen.Enum<SelectionStrategy>(), Gen.Int[0, 30], Gen.Int[0, 30].Array[0, 5]).Sample((changes, strategy, lastAssigned, skipped) =>
        {
            var queue = new QueueDefinition(
                "q", "q", "SFR", Line.First, [Channel.Voice], new Dictionary<string, int> { ["pensions"] = 2 },
                [], ["ru"], 1, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(10), strategy);
            var pool = new CandidatePool();
            var model = new Dictionary<string, OperatorCandidate>();
            var skip = skipped.Select(i => $"op{i:00}").ToHashSet();
            var last = $"op{lastAssigned:00}";
            foreach (var ((candidate, gone), step) in changes.Select((c, i) => (c, i)))
            {
                if (gone)
                {
                    pool.Remove(candidate.OperatorId);
                    model.Remove(candidate.OperatorId);
                }
                else
                {
                    pool.Set(candidate);
                    model[candidate.OperatorId] = candidate;
                }

                // Asked between changes too, so the kept order must follow every change.
                foreach (var region in new[] { "RU-MOW", "RU-NVS" })
                {
                    var entry = new WaitingEntry($"i{step}", Channel.Voice, region, "ru", null, 1, T0, []);
                    var expected = Matching.RankCandidates(model.Values, entry, queue, last, T0).FirstOrDefault(c => !skip.Contains(c.OperatorId));
                    Assert.Equal(expected, pool.Best(queue, Matching.RequirementsFor(entry, queue, T0), last, skip));
                }
            }

            Assert.Equal(model.Count, pool.Count);
        });
    }
}
