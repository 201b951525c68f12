using System.Diagnostics;

namespace ContactCenter.LoadTests.Runner;

public enum RunPhase
{
    Init,
    WarmUp,
    Measuring,
    Draining,
    Clean,
    Done,
}

/// <summary>What a progress view reads while the run goes on.</summary>
public sealed class RunProgress(ScenarioProps scenario, RunStatistics statistics)
{
    private long _phaseStarted = Stopwatch.GetTimestamp();
    private long _measuringStarted;
    private int _inFlight;

    public ScenarioProps Scenario { get; } = scenario;

    public RunStatistics Statistics { get; } = statistics;

    public RunPhase Phase { get; private set; }

    /// <summary>How long the phase is planned to last; none for init and clean.</summary>
    public TimeSpan? PhaseLength { get; private set; }

    public TimeSpan PhaseElapsed => Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStarted));

    /// <summary>Time since measuring began, capped at the measured duration (per-second figures use it).</summary>
    public TimeSpan Measured
    {
        get
        {
            var started = Volatile.Read(ref _measuringStarted);
            return started == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Stopwatch.GetElapsedTime(started).Ticks, Scenario.Duration.Ticks));
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public event Action<RunPhase>? PhaseChanged;

    internal void Enter(RunPhase phase, TimeSpan? length = null)
    {
        Volatile.Write(ref _phaseStarted, Stopwatch.GetTimestamp());
        if (phase == RunPhase.Measuring)
        {
            Volatile.Write(ref _measuringStarted, Stopwatch.GetTimestamp());
        }

        PhaseLength = length;
        Phase = phase;
        PhaseChanged?.Invoke(phase);
    }

    internal void IterationStarted() => Interlocked.Increment(ref _inFlight);

    internal void IterationEnded() => Interlocked.Decrement(ref _inFlight);
}

/// <summary>What a run measured and what its clean step found.</summary>
public sealed record RunResult(
    ScenarioProps Scenario,
    DateTimeOffset StartedAt,
    TimeSpan Measured,
    RunStatistics Statistics,
    IReadOnlyList<DomainResult> Results,
    IReadOnlyList<string> Violations,
    IReadOnlyList<string> SampleErrors,
    IReadOnlyList<CostFigure> Costs)
{
    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// Runs one scenario: init, warm-up (the first simulation's shape, nothing counted), the load
/// simulations in order (measured), the drain, then clean. Iterations run concurrently; an
/// open-model simulation never waits for earlier iterations.
/// </summary>
public static class ScenarioRunner
{
    private const int SampleErrorLimit = 10;

    /// <summary>An abandoned iteration gets this long to notice its cancellation.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(10);

    /// <param name="probe">Read at both ends of the measured window (the node's counters), if given.</param>
    public static async Task<RunResult> RunAsync(ScenarioProps scenario, IProgressView view, CancellationToken cancellation, IMeasuredWindowProbe? probe = null)
    {
        var statistics = new RunStatistics();
        var progress = new RunProgress(scenario, statistics);
        var sampleErrors = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var stopView = new CancellationTokenSource();
        var startedAt = DateTimeOffset.UtcNow;
        var viewing = view.RunAsync(progress, stopView.Token);
        long invocations = 0;

        async Task IterateAsync(bool warmUp)
        {
            progress.IterationStarted();
            var started = Stopwatch.GetTimestamp();
            try
            {
                var context = new ScenarioContext(Interlocked.Increment(ref invocations), warmUp, statistics, abandon.Token);
                Response response;
                try
                {
                    response = await scenario.Run(context);
                }
                catch (StepFailedException ex)
                {
                    response = ex.Response;
                }
                catch (OperationCanceledException) when (abandon.IsCancellationRequested)
                {
                    if (!warmUp)
                    {
                        statistics.IterationAbandoned();
                    }

                    return;
                }
                catch (Exception ex)
                {
                    response = Response.Fail(ex.GetType().Name, ex.Message);
                }

                if (response.IsError && sampleErrors.Count < SampleErrorLimit)
                {
                    sampleErrors.TryAdd($"{response.StatusCode}: {response.Message}", 0);
                }

                if (!warmUp)
                {
                    statistics.IterationEnded(Stopwatch.GetElapsedTime(started), response);
                }
            }
            finally
            {
                progress.IterationEnded();
            }
        }

        try
        {
            progress.Enter(RunPhase.Init);
            if (scenario.Init is { } init)
            {
                await init(new ScenarioInitContext(scenario.Name));
            }

            if (scenario.WarmUp > TimeSpan.Zero)
            {
                progress.Enter(RunPhase.WarmUp, scenario.WarmUp);
                await StartIterationsAsync(scenario.Simulations[0].For(scenario.WarmUp), () => IterateAsync(warmUp: true), cancellation);
            }

            progress.Enter(RunPhase.Measuring, scenario.Duration);
            var startError = probe is null ? null : await TryAsync(() => probe.StartAsync(CancellationToken.None));
            var measuring = Stopwatch.GetTimestamp();
            foreach (var simulation in scenario.Simulations)
            {
                await StartIterationsAsync(simulation, () => IterateAsync(warmUp: false), cancellation);
            }

            var measured = Stopwatch.GetElapsedTime(measuring);

            // Read as the load stops, not after the drain: in a steady run the iterations still in
            // flight now weigh about what the warm-up's left in flight at the start did.
            IReadOnlyList<CostFigure> costs = [];
            if (probe is not null && startError is null)
            {
                var ended = statistics.IterationsOk;
                var stopError = await TryAsync(async () => costs = await probe.StopAsync(ended, CancellationToken.None));
                if (stopError is not null)
                {
                    sampleErrors.TryAdd($"node counters not read at the end: {stopError}", 0);
                }
            }
            else if (startError is not null)
            {
                sampleErrors.TryAdd($"node counters not read at the start: {startError}", 0);
            }

            progress.Enter(RunPhase.Draining, scenario.Drain);
            if (!await WaitIdleAsync(progress, scenario.Drain))
            {
                await abandon.CancelAsync();
                await WaitIdleAsync(progress, AbandonGrace);
            }

            progress.Enter(RunPhase.Clean);
            var clean = new ScenarioCleanContext(scenario.Name, measured);
            if (statistics.IterationsFailed > 0)
            {
                clean.Violated($"{statistics.IterationsFailed} iteration(s) failed");
            }

            if (scenario.Clean is { } cleanUp)
            {
                await cleanUp(clean);
            }

            progress.Enter(RunPhase.Done);
            return new RunResult(scenario, startedAt, measured, statistics, clean.Results, clean.Violations, [.. sampleErrors.Keys], costs);
        }
        finally
        {
            await stopView.CancelAsync();
            await viewing;
        }
    }

    /// <summary>Runs a probe's read; a node that does not answer costs the report its figures, not the run.</summary>
    private static async Task<string?> TryAsync(Func<Task> read)
    {
        try
        {
            await read();
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    /// <summary>Starts iterations as the simulation says until its time is up; does not wait for them to end.</summary>
    private static async Task StartIterationsAsync(LoadSimulation simulation, Func<Task> iterate, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        switch (simulation)
        {
            case InjectSimulation inject:
                foreach (var at in inject.Starts())
                {
                    var wait = at - Stopwatch.GetElapsedTime(started);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Delay(wait, cancellation);
                    }

                    if (cancellation.IsCancellationRequested)
                    {
                        return;
                    }

                    _ = Task.Run(iterate, CancellationToken.None);
                }

                break;

            case KeepConstantSimulation keep:
                for (var copy = 0; copy < keep.Copies; copy++)
                {
                    _ = Task.Run(
                        async () =>
                        {
                            while (Stopwatch.GetElapsedTime(started) < keep.During && !cancellation.IsCancellationRequested)
                            {
                                await iterate();
                            }
                        },
                        CancellationToken.None);
                }

                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(simulation), simulation, "unknown load simulation");
        }

        var rest = simulation.During - Stopwatch.GetElapsedTime(started);
        if (rest > TimeSpan.Zero)
        {
            await Delay(rest, cancellation);
        }
    }

    /// <summary>Waits until no iteration runs, for at most <paramref name="limit"/>; false when some still do.</summary>
    private static async Task<bool> WaitIdleAsync(RunProgress progress, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (progress.InFlight > 0)
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static async Task Delay(TimeSpan wait, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(wait, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Stopping early (Ctrl+C): the run goes on to its drain and clean.
        }
    }
}
