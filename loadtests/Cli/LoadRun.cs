using System.Globalization;
using System.Runtime.InteropServices;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Runner;
using ContactCenter.LoadTests.Scenarios;

namespace ContactCenter.LoadTests.Cli;

/// <summary>One scenario from the command line to its report: the node, the run, the files, the exit code.</summary>
public static class LoadRun
{
    public static readonly IReadOnlyList<string> CommonOptions =
        ["--rate", "--copies", "--duration", "--warmup", "--drain", "--baseline", "--target", "--node", "--pg", "--connections", "--report-dir", "--metrics", .. NodeTokens.Options];

    public static async Task<int> RunAsync(ILoadScenario definition, CliOptions options, TextWriter output, CancellationToken cancellation)
    {
        var unknown = options.Names.Except(CommonOptions).Except(definition.Options).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"{definition.Name} does not know {string.Join(", ", unknown)}");
        }

        var duration = options.Duration("--duration", TimeSpan.FromSeconds(30));
        var load = options.Load(duration) ?? definition.DefaultLoad(duration);
        var targets = options.Addresses("--target");
        var drain = options.Duration("--drain", definition.DefaultDrain(options, embedded: targets is null));
        var warmUp = options.Duration("--warmup", TimeSpan.FromSeconds(3));
        var baselineFor = options.Duration("--baseline");
        if (baselineFor is not null && definition is BaselineScenario)
        {
            throw new FormatException("--baseline runs the baseline before another scenario; the baseline itself needs none");
        }

        var kind = options.Get("--node") ?? "embedded";
        if (kind is not ("embedded" or "process"))
        {
            throw new FormatException($"--node is embedded (in this process) or process (a process of its own), not '{kind}'");
        }

        if (targets is not null && (options.Get("--node") is not null || options.Get("--pg") is not null))
        {
            throw new FormatException("--target drives running nodes: --node and --pg choose the node this tool starts");
        }

        var settings = NodeSettings(definition, options);
        await using var node = targets is null && kind == "embedded" ? await EmbeddedNode.StartAsync(settings) : null;
        await using var process = targets is null && kind == "process" ? await ProcessNode.StartAsync(settings, cancellation) : null;
        IReadOnlyList<Uri> addresses = node is not null ? [node.Address] : process is not null ? [process.Address] : targets!;
        var tokens = node?.Tokens
            ?? process?.Tokens ?? NodeTokens.ForTarget(addresses[0], options);
        using var clients = new NodeClients(addresses, options.Int("--connections", 4), tokens);
        var scenario = definition.Create(options, clients)
            .WithWarmUpDuration(warmUp)
            .WithLoadSimulations(load)
            .WithDrainDuration(drain);

        // The stack's ceiling on the same node, the same connections and the same minutes, so the
        // scenario's throughput can be read as a share of it; both take the same warm-up.
        var baseline = baselineFor is { } seconds
            ? await ScenarioRunner.RunAsync(
                new BaselineScenario().Create(options, clients)
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.KeepConstant(BaselineScenario.Copies, seconds))
                    .WithDrainDuration(TimeSpan.FromSeconds(10)),
                ProgressViews.ForConsole(),
                cancellation)
            : null;

        // A node of this tool's is read at its own scrape endpoint; a running one where --metrics says.
        IReadOnlyList<Uri>? metricsUrls = node is not null ? [node.MetricsUrl] : process is not null ? [process.MetricsUrl] : options.Addresses("--metrics");
        using var metrics = metricsUrls is null ? null : new NodeMetrics(metricsUrls);
        var result = await ScenarioRunner.RunAsync(scenario, ProgressViews.ForConsole(), cancellation, metrics);
        var storage = options.Get("--pg") is null ? "in-memory storage" : "PostgreSQL storage";
        var described = node is not null
            ? $"an embedded node in this process at {addresses[0]} ({storage}{Settings(definition.EmbeddedSettings(options))})"
            : process is not null
                ? $"a node in its own process (pid {process.ProcessId}) at {addresses[0]} ({storage}{Settings(definition.EmbeddedSettings(options))}); the node's peak working set {process.PeakWorkingSetMiB()} MiB"
                : addresses.Count == 1 ? $"the node at {addresses[0]}" : $"the {addresses.Count} nodes at {string.Join(", ", addresses)}";
        var report = RunReport.From(result, described, Machine(), baseline);
        var folder = options.Get("--report-dir") ?? DefaultReportFolder(scenario.Name, result.StartedAt);
        await report.WriteAsync(folder);

        output.WriteLine();
        output.Write(report.ToMarkdown());
        output.WriteLine();
        output.WriteLine($"report: {Path.GetFullPath(folder)}");
        return report.Passed ? 0 : 1;
    }

    /// <summary>The machine as a benchmark reader needs it, with the load average: these figures depend on who else runs.</summary>
    public static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var load = File.Exists("/proc/loadavg") ? $", load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {memory:0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}{load}");
    }

    /// <summary><c>loadtests/reports/&lt;timestamp&gt;-&lt;scenario&gt;/</c> beside the project, else under the current folder.</summary>
    public static string DefaultReportFolder(string scenario, DateTimeOffset startedAt)
    {
        var name = $"{startedAt:yyyyMMdd-HHmmss}-{scenario}";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "loadtests.csproj")))
            {
                return Path.Combine(folder.FullName, "reports", name);
            }
        }

        return Path.Combine("loadtests-reports", name);
    }

    /// <summary>The scenario's settings for a node this tool starts, on PostgreSQL when <c>--pg</c> names one.</summary>
    private static Dictionary<string, string?> NodeSettings(ILoadScenario definition, CliOptions options)
    {
        var settings = new Dictionary<string, string?>(definition.EmbeddedSettings(options));
        if (options.Get("--pg") is { } connectionString)
        {
            settings["ConnectionStrings:ContactCenter"] = connectionString;
            settings["Hosting:Role"] = "Embedded";
        }

        return settings;
    }

    private static string Settings(IReadOnlyDictionary<string, string?> settings) =>
        string.Concat(settings.Select(s => $", {s.Key}={s.Value}"));
}
