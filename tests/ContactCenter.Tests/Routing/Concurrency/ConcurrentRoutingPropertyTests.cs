using ContactCenter.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace ContactCenter.Tests.Routing.Concurrency;

/// <summary>
/// Randomised scenarios on the two-silo cluster: many operators across overlapping queues,
/// contacts registered, offers accepted, declined and left to expire, work completed and
/// operators coming and going, all at once. CsCheck keeps the smallest failing scenario it finds.
/// Replay a failure with the seed it prints: <c>CsCheck_Seed=&lt;seed&gt; dotnet test --filter ConcurrentRouting</c>;
/// soak with more scenarios: <c>CsCheck_Iter=500 dotnet test --filter ConcurrentRouting</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrentRoutingPropertyTests(ClusterFixture fixture, ITestOutputHelper output)
{
    // Each iteration is a whole cluster scenario, so few of them: about a second each on 2 cores.
    // One thread: the scenarios share the fake clock, which some steps advance.
    private const int Iterations = 20;

    [Fact]
    public async Task Concurrent_routing_never_overbooks_an_operator_connects_an_interaction_twice_or_loses_one()
    {
        var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
        await RoutingScenario.Generator.SampleAsync(
            async scenario =>
            {
                var run = new ScenarioRun(fixture, scenario);
                var broken = await run.RunAsync();
                foreach (var (kind, count) in run.Coverage)
                {
                    coverage[kind] = coverage.GetValueOrDefault(kind) + count;
                }

                Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
            },
            writeLine: output.WriteLine,
            iter: long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var iter) ? iter : Iterations,
            threads: 1);
        output.WriteLine($"timeline events and end states over all scenarios: {string.Join(", ", coverage.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
    }
}
