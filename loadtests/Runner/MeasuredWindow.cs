namespace ContactCenter.LoadTests.Runner;

/// <summary>
/// Something read at the start and the end of the measured window, e.g. the node's own counters,
/// so a report can say what one iteration cost the node: calls, writes, CPU. Counts do not depend
/// on the machine's speed the way throughput does, so two builds compare on them even on a noisy
/// machine.
/// </summary>
public interface IMeasuredWindowProbe
{
    Task StartAsync(CancellationToken cancellation);

    /// <param name="iterations">The iterations that ended well inside the window.</param>
    Task<IReadOnlyList<CostFigure>> StopAsync(long iterations, CancellationToken cancellation);
}

/// <summary>
/// One counter's growth over the measured window, and that growth per iteration; none when no
/// iteration ended inside the window (a <c>timers</c> chat outlives it), rather than a false 0.
/// </summary>
public sealed record CostFigure(string Name, double Total, double? PerIteration)
{
    public static CostFigure Of(string name, double total, long iterations) =>
        new(name, Math.Round(total, 3), iterations == 0 ? null : Math.Round(total / iterations, 3));
}
