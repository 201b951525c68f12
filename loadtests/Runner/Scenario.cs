namespace ContactCenter.LoadTests.Runner;

/// <summary>
/// A scenario as NBomber defines one: an iteration made of named steps, run under load
/// simulations after an uncounted warm-up, with an init before and a clean after. Ours adds the
/// drain (how long iterations still in flight may finish after the last simulation) and lets the
/// clean step report domain results and invariant violations, which fail the run.
/// </summary>
public sealed record ScenarioProps(
    string Name,
    Func<IScenarioContext, Task<Response>> Run,
    Func<ScenarioInitContext, Task>? Init,
    Func<ScenarioCleanContext, Task>? Clean,
    TimeSpan WarmUp,
    IReadOnlyList<LoadSimulation> Simulations,
    TimeSpan Drain)
{
    public ScenarioProps WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init };

    public ScenarioProps WithClean(Func<ScenarioCleanContext, Task> clean) => this with { Clean = clean };

    public ScenarioProps WithWarmUpDuration(TimeSpan warmUp) => this with { WarmUp = warmUp };

    public ScenarioProps WithoutWarmUp() => this with { WarmUp = TimeSpan.Zero };

    public ScenarioProps WithLoadSimulations(params LoadSimulation[] simulations) => this with { Simulations = simulations };

    public ScenarioProps WithDrainDuration(TimeSpan drain) => this with { Drain = drain };

    /// <summary>The measured time: every simulation after the warm-up.</summary>
    public TimeSpan Duration => Simulations.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.During);
}

public static class Scenario
{
    public static ScenarioProps Create(string name, Func<IScenarioContext, Task<Response>> run) =>
        new(name, run, null, null, TimeSpan.FromSeconds(3), [Simulation.KeepConstant(1, TimeSpan.FromSeconds(10))], TimeSpan.FromSeconds(30));
}

/// <summary>One iteration's view of the run.</summary>
public interface IScenarioContext
{
    long InvocationNumber { get; }

    /// <summary>True during the warm-up: nothing this iteration measures is counted.</summary>
    bool IsWarmUp { get; }

    /// <summary>Cancelled when the drain ends: an iteration still running then is abandoned.</summary>
    CancellationToken CancellationToken { get; }
}

public sealed class ScenarioInitContext(string scenarioName)
{
    public string ScenarioName { get; } = scenarioName;
}

/// <summary>What the clean step learns of the run, and where it records its domain results and verdicts.</summary>
public sealed class ScenarioCleanContext(string scenarioName, TimeSpan measured)
{
    private readonly List<DomainResult> _results = [];
    private readonly List<string> _violations = [];

    public string ScenarioName { get; } = scenarioName;

    /// <summary>Length of the measured phases, for per-second figures.</summary>
    public TimeSpan Measured { get; } = measured;

    public IReadOnlyList<DomainResult> Results => _results;

    public IReadOnlyList<string> Violations => _violations;

    public void Report(string name, object value) => _results.Add(new DomainResult(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));

    /// <summary>An invariant of the domain did not hold: the run fails (exit code 1).</summary>
    public void Violated(string violation) => _violations.Add(violation);

    /// <summary>Checks <paramref name="holds"/>; records <paramref name="violation"/> when it does not.</summary>
    public void Check(bool holds, string violation)
    {
        if (!holds)
        {
            Violated(violation);
        }
    }
}

public sealed record DomainResult(string Name, string Value);
