using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Runner;
using ContactCenter.LoadTests.Scenarios;

namespace ContactCenter.Tests.LoadTests;

public class RunnerTests
{
    [Fact]
    public void Inject_spreads_its_rate_evenly_over_each_interval_and_stops_before_the_end()
    {
        var starts = Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)).Starts().ToList();

        Assert.Equal(100, starts.Count);
        Assert.Equal(TimeSpan.Zero, starts[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(50), starts[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(4950), starts[^1]);
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(TimeSpan.FromMilliseconds(50), pair.Second - pair.First));
    }

    [Fact]
    public void Inject_below_one_per_interval_still_keeps_its_rate_over_time()
    {
        var starts = Simulation.Inject(3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)).Starts().ToList();

        Assert.Equal(9, starts.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), starts[3]);
    }

    [Fact]
    public void Percentiles_come_from_the_histogram_in_milliseconds()
    {
        var statistics = new StepStatistics("register");
        for (var ms = 1; ms <= 1000; ms++)
        {
            statistics.Record(TimeSpan.FromMilliseconds(ms), Response.Ok());
        }

        statistics.Record(TimeSpan.FromMilliseconds(5), Response.Fail("Unavailable"));
        statistics.Record(TimeSpan.FromMilliseconds(5), Response.Fail("Unavailable"));
        statistics.Record(TimeSpan.FromMilliseconds(5), Response.Fail("DeadlineExceeded"));
        var latency = statistics.Latency();

        Assert.Equal(1000, latency.Count);

        // Three significant digits: each value within 0.1 % of the exact one.
        Assert.InRange(latency.P50, 499.5, 500.5);
        Assert.InRange(latency.P75, 749.25, 750.75);
        Assert.InRange(latency.P99, 989, 991);
        Assert.InRange(latency.Max, 999, 1001);
        Assert.Equal(1000, statistics.Ok);
        Assert.Equal(3, statistics.Failed);
        Assert.Equal(2, statistics.ErrorsByStatus["Unavailable"]);
        Assert.Equal(1, statistics.ErrorsByStatus["DeadlineExceeded"]);
    }

    [Fact]
    public void A_report_shows_each_step_its_errors_by_status_the_domain_results_and_the_violations()
    {
        var report = new RunReport(
            "inbound", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), "embedded", "2 cores", "inject 20 per 1 s during 5 s", 3, 5,
            new StepReport("iteration", 99, 1, 19.8, new LatencySummary(99, 170, 173, 208, 295, 316, 319), new Dictionary<string, long> { ["Unavailable"] = 1 }),
            0,
            [new StepReport("register", 100, 0, 20, new LatencySummary(100, 32.3, 21.3, 44.4, 102.5, 113.5, 145.7), new Dictionary<string, long>())],
            [new DomainResult("closed Resolved", "160")],
            ["1 iteration(s) failed"],
            ["Unavailable: node stopping"],
            [CostFigure.Of("grain requests answered", 4_500, 100)],
            Passed: false);

        var markdown = report.ToMarkdown();
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;

        Assert.Contains("- result: **FAILED**", markdown);
        Assert.Contains("| register | 100 | 0 | 20 | 32.3 | 21.3 | 44.4 | 102.5 | 113.5 | 145.7 |", markdown);
        Assert.Contains("| iteration | Unavailable | 1 |", markdown);
        Assert.Contains("| closed Resolved | 160 |", markdown);
        Assert.Contains("- violated: 1 iteration(s) failed", markdown);
        Assert.Contains("| grain requests answered | 4500 | 45 |", markdown);
        Assert.Equal(113.5, json.GetProperty("steps")[0].GetProperty("latencyMs").GetProperty("p99").GetDouble());
        Assert.Equal(1, json.GetProperty("iterations").GetProperty("errorsByStatus").GetProperty("Unavailable").GetInt64());
        Assert.False(json.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void A_baseline_of_the_same_run_gives_the_first_step_and_the_iterations_as_shares_of_it_and_its_violations_fail_the_run()
    {
        var run = new RunResult(
            Scenario.Create("inbound", _ => Task.FromResult<Response>(Response.Ok())).WithLoadSimulations(Simulation.KeepConstant(64, TimeSpan.FromSeconds(20))),
            new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero),
            TimeSpan.FromSeconds(20),
            Statistics("register", ok: 30_000),
            [],
            [],
            [],
            []);
        var healthy = new RunResult(
            Scenario.Create("baseline", _ => Task.FromResult<Response>(Response.Ok())).WithLoadSimulations(Simulation.KeepConstant(64, TimeSpan.FromSeconds(10))),
            run.StartedAt,
            TimeSpan.FromSeconds(10),
            Statistics("health check", ok: 300_000),
            [],
            [],
            [],
            []);

        var report = RunReport.From(run, "process", "2 cores", healthy);
        var markdown = report.ToMarkdown();

        Assert.True(report.Passed);
        Assert.Contains("## Against the baseline of the same run", markdown);
        Assert.Contains("300000 health checks ok, 0 failed, **30000 ok/s**", markdown);
        Assert.Contains("| register | 1500 | 5.0 % |", markdown);
        Assert.Contains("| iteration | 1500 | 5.0 % |", markdown);
        Assert.Equal(30_000, System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("baseline").GetProperty("perSecond").GetDouble());

        var sick = RunReport.From(run, "process", "2 cores", healthy with { Violations = ["the node answers NotServing after the run"] });
        Assert.False(sick.Passed);
        Assert.Contains("- violated in the baseline: the node answers NotServing after the run", sick.ToMarkdown());
        Assert.DoesNotContain("Against the baseline", RunReport.From(run, "process", "2 cores").ToMarkdown());
    }

    private static RunStatistics Statistics(string step, long ok)
    {
        var statistics = new RunStatistics();
        for (var i = 0; i < ok; i++)
        {
            statistics.Step(step).Record(TimeSpan.FromMilliseconds(1), Response.Ok());
            statistics.Iterations.Record(TimeSpan.FromMilliseconds(2), Response.Ok());
        }

        return statistics;
    }

    [Fact]
    public void Node_costs_have_no_per_iteration_figure_when_no_iteration_ended_in_the_window()
    {
        var cost = CostFigure.Of("storage writes", 943_537, 0);
        Assert.Null(cost.PerIteration);

        var report = new RunReport(
            "timers", new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero), "process", "2 cores", "inject 360 per 1 s during 290 s", 5, 290,
            new StepReport("iteration", 0, 0, 0, new LatencySummary(0, 0, 0, 0, 0, 0, 0), new Dictionary<string, long>()),
            0, [], [], [], [], [cost], Passed: true);
        var markdown = report.ToMarkdown();

        Assert.Contains("| storage writes | 943537 | — |", markdown);
        Assert.Contains("No iteration ended inside the window", markdown);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("nodeCosts")[0].GetProperty("perIteration").ValueKind);
    }

    [Theory]
    [InlineData("5", 5_000)]
    [InlineData("0.5", 500)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:05", 5_000)]
    public void Durations_read_as_seconds_with_units_or_as_time_spans(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text, "--duration"));

    [Fact]
    public void Node_counters_are_read_from_the_prometheus_exposition_with_their_labels()
    {
        const string exposition = """
            # TYPE orleans_storage_write_latency_milliseconds histogram
            orleans_storage_write_latency_milliseconds_count{otel_scope_name="Microsoft.Orleans",state_name="interaction",state_type="A B"} 42 1700000000000
            orleans_app_requests_latency_milliseconds_count 1.5e3
            target_info{service_name="contact center"} 1
            not a sample
            """;

        var samples = ContactCenter.LoadTests.Nodes.NodeMetrics.Parse(exposition);
        var write = Assert.Single(samples.Keys, k => ContactCenter.LoadTests.Nodes.NodeMetrics.Metric(k) == "orleans_storage_write_latency_milliseconds_count");

        Assert.Equal(42, samples[write]);
        Assert.Equal("interaction", ContactCenter.LoadTests.Nodes.NodeMetrics.Label(write, "state_name"));
        Assert.Equal(1500, samples["orleans_app_requests_latency_milliseconds_count"]);
        Assert.Equal(1, samples["target_info{service_name=\"contact center\"}"]);
        Assert.Equal(3, samples.Count);
    }

    [Fact]
    public void A_cluster_is_targeted_node_by_node_and_its_counters_are_summed_over_its_nodes()
    {
        var options = CliOptions.Parse(["inbound", "--target", "http://10.0.0.1:5000, http://10.0.0.2:5000", "--metrics", "http://10.0.0.1:8080/metrics"]);
        var nodes = options.Addresses("--target")!;
        Assert.Equal([new Uri("http://10.0.0.1:5000"), new Uri("http://10.0.0.2:5000")], nodes);
        Assert.Single(options.Addresses("--metrics")!);
        Assert.Null(options.Addresses("--nothing"));
        var refused = Assert.Throws<FormatException>(() => CliOptions.Parse(["inbound", "--target", "http://10.0.0.1:5000,10.0.0.2:5000"]).Addresses("--target"));
        Assert.Contains("'10.0.0.2:5000'", refused.Message);

        using (var clients = new ContactCenter.LoadTests.Nodes.NodeClients(nodes, 2, ContactCenter.LoadTests.Nodes.NodeTokens.SignedWith(new string('k', 64))))
        {
            Assert.Equal([nodes[0], nodes[1], nodes[0], nodes[1]], clients.ChannelTargets);

            // A desk stays on its node; the desks spread over both.
            var deskNodes = Enumerable.Range(0, 100).Select(i => clients.DeskNodeOf($"lt-op{i:0000}")).ToList();
            Assert.Equal(deskNodes, Enumerable.Range(0, 100).Select(i => clients.DeskNodeOf($"lt-op{i:0000}")));
            Assert.Equal([0, 1], deskNodes.Distinct().Order());
        }

        var first = ContactCenter.LoadTests.Nodes.NodeMetrics.Parse("orleans_messaging_sent_local_total 10\ndotnet_process_cpu_time_seconds_total 1.5\n");
        var second = ContactCenter.LoadTests.Nodes.NodeMetrics.Parse("orleans_messaging_sent_local_total 32\n");
        var cluster = ContactCenter.LoadTests.Nodes.NodeMetrics.Sum([first, second]);
        Assert.Equal(42, cluster["orleans_messaging_sent_local_total"]);
        Assert.Equal(1.5, cluster["dotnet_process_cpu_time_seconds_total"]);
    }

    [Fact]
    public void The_command_line_picks_the_open_or_the_closed_model_and_refuses_both()
    {
        var open = CliOptions.Parse(["inbound", "--rate", "20", "--duration", "5"]);
        var closed = CliOptions.Parse(["baseline", "--copies", "8"]);

        Assert.Equal("inbound", open.Scenario);
        Assert.Equal(Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), open.Load(open.Duration("--duration", TimeSpan.Zero)));
        Assert.Equal(Simulation.KeepConstant(8, TimeSpan.FromSeconds(30)), closed.Load(TimeSpan.FromSeconds(30)));
        Assert.Throws<FormatException>(() => CliOptions.Parse(["inbound", "--rate", "1", "--copies", "1"]).Load(TimeSpan.FromSeconds(1)));
        Assert.Throws<FormatException>(() => CliOptions.Parse(["inbound", "--rate"]));
    }

    [Fact]
    public void An_operator_holding_more_than_its_capacity_or_voice_beside_other_work_is_a_violation()
    {
        var capacity = new Dictionary<Channel, int> { [Channel.Voice] = 1, [Channel.Text] = 2 };
        var fine = new OperatorState { OperatorId = "op", Assignments = { new Assignment { InteractionId = "a", Channel = Channel.Text } }, Offers = { new Offer { InteractionId = "b", Channel = Channel.Text } } };
        var overText = new OperatorState { OperatorId = "op", Assignments = { new Assignment { InteractionId = "a", Channel = Channel.Text }, new Assignment { InteractionId = "b", Channel = Channel.Text } }, Offers = { new Offer { InteractionId = "c", Channel = Channel.Text } } };
        var voiceBesideText = new OperatorState { OperatorId = "op", Assignments = { new Assignment { InteractionId = "a", Channel = Channel.Voice } }, Offers = { new Offer { InteractionId = "b", Channel = Channel.Text } } };

        Assert.Null(CapacityCheck.Violation(fine, capacity));
        Assert.Contains("held 3 Text (capacity 2)", CapacityCheck.Violation(overText, capacity));
        Assert.Contains("voice or video beside other work", CapacityCheck.Violation(voiceBesideText, capacity));
    }
}
