using System.Globalization;
using ContactCenter.LoadTests.Runner;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// The node's Prometheus counters (its HTTP port's <c>/metrics</c>) read at both ends of the
/// measured window: Orleans' own request, message, storage and activation counters and the
/// runtime's CPU, allocation and GC counters, each summed over its labels (storage writes per
/// state too) and over the nodes of a cluster. Divided by the iterations, they are what one
/// lifecycle costs the node (the cluster). An embedded node shares its process with the load, so
/// its CPU and allocations include the tool's.
/// </summary>
public sealed class NodeMetrics(IReadOnlyList<Uri> metricsUrls) : IMeasuredWindowProbe, IDisposable
{
    public NodeMetrics(Uri metricsUrl)
        : this([metricsUrl])
    {
    }

    /// <summary>
    /// Report name, the metric (its series summed, or only those with the label value given), and
    /// the factor to the reported unit.
    /// </summary>
    private static readonly (string Name, string Metric, double Scale, (string Label, string Value)? Only)[] Counters =
    [
        ("grain requests answered", "orleans_app_requests_latency_milliseconds_count", 1, null),
        ("messages sent within the silo", "orleans_messaging_sent_local_total", 1, null),
        // A cluster's: what crossed to another silo (requests, responses and one-way messages);
        // the same metric counts a client's (the Api's) calls to its gateway apart.
        ("messages sent to other silos", "orleans_messaging_sent_messages_size_bytes_count", 1, ("ConnectionDirection", "SiloToSilo")),
        ("activations created", "orleans_catalog_activation_created_total", 1, null),
        ("storage reads", "orleans_storage_read_latency_milliseconds_count", 1, null),
        ("storage writes", StorageWrites, 1, null),
        // PostgreSQL only: the batches that carried those reads and writes (Database:StateStore=Grouped).
        ("storage round trips", "cc_storage_batch_operations_count", 1, null),
        ("process CPU ms", "dotnet_process_cpu_time_seconds_total", 1000, null),
        ("allocated KiB", "dotnet_gc_heap_total_allocated_bytes_total", 1 / 1024.0, null),
        ("GC pause ms", "dotnet_gc_pause_time_seconds_total", 1000, null),
        ("lock contentions", "dotnet_monitor_lock_contentions_total", 1, null),
    ];

    private const string StorageWrites = "orleans_storage_write_latency_milliseconds_count";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Dictionary<string, double>? _start;

    public async Task StartAsync(CancellationToken cancellation) => _start = await ScrapeAsync(cancellation);

    public async Task<IReadOnlyList<CostFigure>> StopAsync(long iterations, CancellationToken cancellation)
    {
        var end = await ScrapeAsync(cancellation);
        var start = _start ?? throw new InvalidOperationException("the window was not started");
        double Growth(string series) => end.GetValueOrDefault(series) - start.GetValueOrDefault(series);

        var figures = new List<CostFigure>();
        foreach (var (name, metric, scale, only) in Counters)
        {
            var series = end.Keys.Where(k => Metric(k) == metric && (only is not { } label || Label(k, label.Label) == label.Value));
            figures.Add(CostFigure.Of(name, scale * series.Sum(Growth), iterations));
        }

        foreach (var state in end.Keys.Where(k => Metric(k) == StorageWrites).Order(StringComparer.Ordinal))
        {
            var growth = Growth(state);
            if (growth > 0)
            {
                figures.Add(CostFigure.Of($"storage writes of {Label(state, "state_name") ?? "?"}", growth, iterations));
            }
        }

        return figures;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Every sample line of the exposition: series (name and labels as written) → value.</summary>
    public static Dictionary<string, double> Parse(string exposition)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // A sample is "series value [timestamp]"; label values may hold spaces, so the series ends at its closing brace.
            var close = line.IndexOf('}', StringComparison.Ordinal);
            var split = line.IndexOf(' ', close < 0 ? 0 : close);
            if (split < 0)
            {
                continue;
            }

            var value = line[(split + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                samples[line[..split]] = number;
            }
        }

        return samples;
    }

    public static string Metric(string series)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? series : series[..brace];
    }

    public static string? Label(string series, string label)
    {
        var key = $"{label}=\"";
        var at = series.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var from = at + key.Length;
        var to = series.IndexOf('"', from);
        return to < 0 ? null : series[from..to];
    }

    /// <summary>The nodes' samples added series by series: a cluster's counters as one node's.</summary>
    public static Dictionary<string, double> Sum(IEnumerable<Dictionary<string, double>> nodes)
    {
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (series, value) in nodes.SelectMany(node => node))
        {
            total[series] = total.GetValueOrDefault(series) + value;
        }

        return total;
    }

    private async Task<Dictionary<string, double>> ScrapeAsync(CancellationToken cancellation) =>
        Sum(await Task.WhenAll(metricsUrls.Select(async url => Parse(await _http.GetStringAsync(url, cancellation)))));
}
