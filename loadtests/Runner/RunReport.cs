using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactCenter.LoadTests.Runner;

/// <summary>A finished run as written to disk: Markdown for people, JSON for tools.</summary>
public sealed record RunReport(
    string Scenario,
    DateTimeOffset StartedAt,
    string Target,
    string Machine,
    string Load,
    double WarmUpSeconds,
    double MeasuredSeconds,
    StepReport Iterations,
    long IterationsAbandoned,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<DomainResult> Results,
    IReadOnlyList<string> Violations,
    IReadOnlyList<string> SampleErrors,
    IReadOnlyList<CostFigure> NodeCosts,
    bool Passed,
    SameRunBaseline? Baseline = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <param name="baseline">Health checks run on the same node just before the scenario (<c>--baseline</c>), if any.</param>
    public static RunReport From(RunResult run, string target, string machine, RunResult? baseline = null)
    {
        var seconds = run.Measured.TotalSeconds;
        var sameRun = baseline is null ? null : SameRunBaseline.From(baseline);
        return new RunReport(
            run.Scenario.Name,
            run.StartedAt,
            target,
            machine,
            string.Join(", then ", run.Scenario.Simulations.Select(s => s.ToString())),
            run.Scenario.WarmUp.TotalSeconds,
            Math.Round(seconds, 3),
            StepReport.From(run.Statistics.Iterations, seconds),
            run.Statistics.IterationsAbandoned,
            [.. run.Statistics.Steps.Select(s => StepReport.From(s, seconds))],
            run.Results,
            run.Violations,
            run.SampleErrors,
            run.Costs,
            run.Passed && sameRun is not { Passed: false },
            sameRun);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        Line($"# Load run: {Scenario}");
        Line();
        Line($"- result: **{(Passed ? "passed" : "FAILED")}**");
        Line($"- started: {StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        Line($"- target: {Target}");
        Line($"- machine: {Machine}");
        Line($"- load: {Load}; warm-up {N(WarmUpSeconds)} s (not counted); measured {N(MeasuredSeconds)} s");
        Line($"- iterations: {Iterations.Ok} ok, {Iterations.Failed} failed, {IterationsAbandoned} abandoned at the end of the drain; {N(Iterations.PerSecond)} ok/s");
        Line();
        Line("## Steps");
        Line();
        Line("| step | ok | failed | ok/s | mean ms | p50 ms | p75 ms | p95 ms | p99 ms | max ms |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in Steps.Append(Iterations))
        {
            var l = step.LatencyMs;
            Line($"| {step.Name} | {step.Ok} | {step.Failed} | {N(step.PerSecond)} | {N(l.Mean)} | {N(l.P50)} | {N(l.P75)} | {N(l.P95)} | {N(l.P99)} | {N(l.Max)} |");
        }

        if (Baseline is { } baseline)
        {
            // The first step is what a client of the scenario asks first (inbound: the gateway's register).
            var first = Steps.FirstOrDefault() ?? Iterations;
            Line();
            Line("## Against the baseline of the same run");
            Line();
            Line($"Just before the scenario, against the same node(s): `baseline` ({baseline.Load}), {N(baseline.MeasuredSeconds)} s measured after its own warm-up: {baseline.Ok} health checks ok, {baseline.Failed} failed, **{N(baseline.PerSecond)} ok/s**.");
            Line();
            Line("| throughput | ok/s | share of the baseline |");
            Line("|---|---:|---:|");
            Line($"| {first.Name} | {N(first.PerSecond)} | {Share(first.PerSecond, baseline.PerSecond)} |");
            if (!ReferenceEquals(first, Iterations))
            {
                Line($"| {Iterations.Name} | {N(Iterations.PerSecond)} | {Share(Iterations.PerSecond, baseline.PerSecond)} |");
            }
        }

        var errors = Steps.Append(Iterations).SelectMany(s => s.ErrorsByStatus.Select(e => (Step: s.Name, Status: e.Key, Count: e.Value))).ToList();
        if (errors.Count > 0)
        {
            Line();
            Line("## Errors by status");
            Line();
            Line("| step | status | count |");
            Line("|---|---|---:|");
            foreach (var (step, status, count) in errors.OrderBy(e => e.Step, StringComparer.Ordinal).ThenBy(e => e.Status, StringComparer.Ordinal))
            {
                Line($"| {step} | {status} | {count} |");
            }
        }

        if (Results.Count > 0)
        {
            Line();
            Line("## Domain results");
            Line();
            Line("| result | value |");
            Line("|---|---|");
            foreach (var result in Results)
            {
                Line($"| {result.Name} | {result.Value} |");
            }
        }

        if (NodeCosts.Count > 0)
        {
            Line();
            Line("## Node cost per iteration (measured window, node's own counters)");
            Line();
            if (NodeCosts.All(cost => cost.PerIteration is null))
            {
                Line("No iteration ended inside the window (each outlives it), so only the totals are given.");
                Line();
            }

            Line("| counter | in the window | per iteration |");
            Line("|---|---:|---:|");
            foreach (var cost in NodeCosts)
            {
                Line($"| {cost.Name} | {N(cost.Total)} | {(cost.PerIteration is { } each ? N(each) : "—")} |");
            }
        }

        Line();
        Line("## Invariants");
        Line();
        if (Violations.Count == 0)
        {
            Line("All held.");
        }

        foreach (var violation in Violations)
        {
            Line($"- violated: {violation}");
        }

        foreach (var violation in Baseline?.Violations ?? [])
        {
            Line($"- violated in the baseline: {violation}");
        }

        if (SampleErrors.Count > 0)
        {
            Line();
            Line("## Sample errors");
            Line();
            foreach (var error in SampleErrors)
            {
                Line($"- {error}");
            }
        }

        return md.ToString();
    }

    private static string Share(double part, double whole) =>
        whole > 0 ? (part / whole).ToString("0.0 %", CultureInfo.InvariantCulture) : "—";

    /// <summary>Writes report.md and report.json into <paramref name="folder"/>, creating it.</summary>
    public async Task WriteAsync(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), ToMarkdown());
        await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), ToJson());
    }
}

public sealed record StepReport(string Name, long Ok, long Failed, double PerSecond, LatencySummary LatencyMs, IReadOnlyDictionary<string, long> ErrorsByStatus)
{
    public static StepReport From(StepStatistics step, double measuredSeconds) => new(
        step.Name,
        step.Ok,
        step.Failed,
        measuredSeconds > 0 ? Math.Round(step.Ok / measuredSeconds, 1) : 0,
        step.Latency(),
        step.ErrorsByStatus);
}

/// <summary>
/// The <c>baseline</c> scenario run on the same node just before another (<c>--baseline</c>): the
/// stack's ceiling at that moment, so a scenario's throughput can be read as a share of it.
/// </summary>
public sealed record SameRunBaseline(string Load, double MeasuredSeconds, long Ok, long Failed, double PerSecond, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;

    public static SameRunBaseline From(RunResult run)
    {
        var report = RunReport.From(run, target: string.Empty, machine: string.Empty);
        return new SameRunBaseline(report.Load, report.MeasuredSeconds, report.Iterations.Ok, report.Iterations.Failed, report.Iterations.PerSecond, report.Violations);
    }
}
