namespace ContactCenter.LoadTests.Runner;

/// <summary>How iterations are started during one phase of a run (NBomber's load simulations).</summary>
public abstract record LoadSimulation(TimeSpan During)
{
    /// <summary>The same shape for another length of time: the warm-up runs the first simulation's shape.</summary>
    public abstract LoadSimulation For(TimeSpan during);
}

/// <summary>
/// Open model: <paramref name="Rate"/> new iterations every <paramref name="Interval"/>, whether or
/// not earlier ones have finished, spread evenly over the interval rather than in bursts.
/// </summary>
public sealed record InjectSimulation(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public override LoadSimulation For(TimeSpan during) => this with { During = during };

    public override string ToString() => $"inject {Rate} per {Interval.TotalSeconds:0.###} s during {During.TotalSeconds:0.###} s";

    /// <summary>When each iteration starts, from the start of the phase.</summary>
    public IEnumerable<TimeSpan> Starts()
    {
        var spacing = Interval.Ticks / (double)Rate;
        for (long k = 0; ; k++)
        {
            var at = TimeSpan.FromTicks((long)Math.Round(k * spacing));
            if (at >= During)
            {
                yield break;
            }

            yield return at;
        }
    }
}

/// <summary>Closed model: <paramref name="Copies"/> iterations at all times, each starting as one ends.</summary>
public sealed record KeepConstantSimulation(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override LoadSimulation For(TimeSpan during) => this with { During = during };

    public override string ToString() => $"keep {Copies} constant during {During.TotalSeconds:0.###} s";
}

public static class Simulation
{
    public static InjectSimulation Inject(int rate, TimeSpan interval, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new InjectSimulation(rate, interval, during);
    }

    public static KeepConstantSimulation KeepConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return new KeepConstantSimulation(copies, during);
    }
}
