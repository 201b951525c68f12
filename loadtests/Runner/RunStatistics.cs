using System.Collections.Concurrent;
using HdrHistogram;

namespace ContactCenter.LoadTests.Runner;

/// <summary>Latencies of successful calls, in microseconds, from 1 µs to an hour at 3 significant digits.</summary>
public static class Latencies
{
    public const long HighestMicroseconds = 3_600_000_000;

    public static Recorder NewRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(3)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();

    public static HistogramBase NewHistogram() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(3).Create();

    public static long ToMicroseconds(TimeSpan latency) => Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicroseconds);
}

/// <summary>Everything a run counts: each step's results and whole iterations, measured phases only.</summary>
public sealed class RunStatistics
{
    private readonly ConcurrentDictionary<string, StepStatistics> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _iterationsOk;
    private long _iterationsFailed;
    private long _iterationsAbandoned;

    public StepStatistics Iterations { get; } = new("iteration");

    public long IterationsOk => Interlocked.Read(ref _iterationsOk);

    public long IterationsFailed => Interlocked.Read(ref _iterationsFailed);

    /// <summary>Still running when the drain ended.</summary>
    public long IterationsAbandoned => Interlocked.Read(ref _iterationsAbandoned);

    public StepStatistics Step(string name) => _steps.GetOrAdd(name, n =>
    {
        _order.Enqueue(n);
        return new StepStatistics(n);
    });

    /// <summary>Steps in the order they first ran.</summary>
    public IReadOnlyList<StepStatistics> Steps => [.. _order.Distinct().Select(n => _steps[n])];

    internal void IterationEnded(TimeSpan latency, Response response)
    {
        Interlocked.Increment(ref response.IsError ? ref _iterationsFailed : ref _iterationsOk);
        Iterations.Record(latency, response);
    }

    internal void IterationAbandoned() => Interlocked.Increment(ref _iterationsAbandoned);
}

/// <summary>One step's counts, errors by status code, and latency histogram of its successes.</summary>
public sealed class StepStatistics(string name)
{
    private readonly Recorder _recorder = Latencies.NewRecorder();
    private readonly HistogramBase _total = Latencies.NewHistogram();
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _ok;
    private long _failed;

    public string Name { get; } = name;

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public IReadOnlyDictionary<string, long> ErrorsByStatus => _errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public void Record(TimeSpan latency, Response response)
    {
        if (response.IsError)
        {
            Interlocked.Increment(ref _failed);
            _errors.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            return;
        }

        _recorder.RecordValue(Latencies.ToMicroseconds(latency));
        Interlocked.Increment(ref _ok);
    }

    /// <summary>The successes' latencies so far; safe while other threads record.</summary>
    public LatencySummary Latency()
    {
        lock (_gate)
        {
            _total.Add(_recorder.GetIntervalHistogram());
            return LatencySummary.From(_total);
        }
    }
}

/// <summary>Percentiles in milliseconds, read from an HdrHistogram of microseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, double P50, double P75, double P95, double P99, double Max)
{
    public static LatencySummary From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }

        static double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);
        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.GetMean()),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(75)),
            Ms(histogram.GetValueAtPercentile(95)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetMaxValue()));
    }
}
