using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ContactCenter.LoadTests.Runner;

/// <summary>Shows a run as it goes: a live table on a terminal, plain lines when output is redirected.</summary>
public interface IProgressView
{
    Task RunAsync(RunProgress progress, CancellationToken stop);
}

public static class ProgressViews
{
    public static IProgressView ForConsole() => Console.IsOutputRedirected ? new PlainProgressView(Console.Out) : new LiveProgressView();
}

/// <summary>A Spectre.Console live table, redrawn twice a second.</summary>
public sealed class LiveProgressView : IProgressView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(RunProgress progress, CancellationToken stop)
    {
        await AnsiConsole.Live(Render(progress)).AutoClear(false).StartAsync(async live =>
        {
            while (!stop.IsCancellationRequested)
            {
                live.UpdateTarget(Render(progress));
                try
                {
                    await Task.Delay(Refresh, stop);
                }
                catch (OperationCanceledException)
                {
                    // The run ended: draw the last state below.
                }
            }

            live.UpdateTarget(Render(progress));
        });
    }

    private static IRenderable Render(RunProgress progress)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(progress.Scenario.Name)}[/] · {Markup.Escape(ProgressText.Phase(progress))}")
            .AddColumn("step").AddColumn(new TableColumn("ok").RightAligned()).AddColumn(new TableColumn("failed").RightAligned())
            .AddColumn(new TableColumn("ok/s").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned());
        var seconds = progress.Measured.TotalSeconds;
        foreach (var step in progress.Statistics.Steps.Append(progress.Statistics.Iterations))
        {
            var latency = step.Latency();
            table.AddRow(
                Markup.Escape(step.Name),
                step.Ok.ToString("N0", CultureInfo.InvariantCulture),
                step.Failed == 0 ? "0" : $"[red]{step.Failed:N0}[/]",
                seconds > 0 ? (step.Ok / seconds).ToString("N0", CultureInfo.InvariantCulture) : "-",
                latency.P50.ToString("0.00", CultureInfo.InvariantCulture),
                latency.P99.ToString("0.00", CultureInfo.InvariantCulture),
                latency.Max.ToString("0.00", CultureInfo.InvariantCulture));
        }

        return table;
    }
}

/// <summary>One line per phase change and every few seconds, for logs and CI.</summary>
public sealed class PlainProgressView(TextWriter output) : IProgressView
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    public async Task RunAsync(RunProgress progress, CancellationToken stop)
    {
        var gate = new Lock();
        void Write()
        {
            lock (gate)
            {
                output.WriteLine(ProgressText.Line(progress));
            }
        }

        Action<RunPhase> onPhase = _ => Write();
        progress.PhaseChanged += onPhase;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Every, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                Write();
            }
        }
        finally
        {
            progress.PhaseChanged -= onPhase;
        }
    }
}

internal static class ProgressText
{
    public static string Phase(RunProgress progress)
    {
        var phase = progress.Phase == RunPhase.WarmUp ? "warm-up" : progress.Phase.ToString().ToLowerInvariant();
        var length = progress.PhaseLength is { } planned ? $" {progress.PhaseElapsed.TotalSeconds:0.0}/{planned.TotalSeconds:0} s" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{phase}{length}, {progress.InFlight} in flight");
    }

    public static string Line(RunProgress progress)
    {
        var seconds = progress.Measured.TotalSeconds;
        var steps = progress.Statistics.Steps.Select(step =>
        {
            var latency = step.Latency();
            var rate = seconds > 0 ? step.Ok / seconds : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{step.Name} {step.Ok} ok {step.Failed} failed {rate:0}/s p50 {latency.P50:0.00} p99 {latency.P99:0.00} ms");
        });
        return $"[{progress.Scenario.Name}] {Phase(progress)}; {string.Join("; ", steps)}";
    }
}
