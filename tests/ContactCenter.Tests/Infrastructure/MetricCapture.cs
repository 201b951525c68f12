using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>One exported point: its metric, its tags and its sum (counters) or count (histograms).</summary>
public sealed record ExportedPoint(string Metric, IReadOnlyDictionary<string, object?> Tags, long Value);

/// <summary>
/// An exporter that copies what the latest export handed over: the SDK reuses its points between
/// exports, so they are read while the batch is live.
/// </summary>
public sealed class MetricCapture : BaseExporter<Metric>
{
    private readonly List<ExportedPoint> _points = [];

    public MetricCapture() => Reader = new BaseExportingMetricReader(this);

    /// <summary>The reader to add to a provider; <see cref="MetricReader.Collect"/> exports through it alone.</summary>
    public BaseExportingMetricReader Reader { get; }

    public IReadOnlyList<ExportedPoint> Points
    {
        get
        {
            lock (_points)
            {
                return [.. _points];
            }
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        lock (_points)
        {
            _points.Clear();
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    _points.Add(new ExportedPoint(metric.Name, tags, ValueOf(metric, point)));
                }
            }
        }

        return ExportResult.Success;
    }

    private static long ValueOf(Metric metric, in MetricPoint point) => metric.MetricType switch
    {
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
        MetricType.Histogram => point.GetHistogramCount(),
        _ => 0,
    };
}
