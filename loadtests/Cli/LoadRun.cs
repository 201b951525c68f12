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
        ["--rate", "--copies", "--duration", "--warmup", "--drain", "--target", "--connections", "--report-dir", .. NodeTokens.Options];

    public static async Task<int> RunAsync(ILoadScenario definition, CliOptions options, TextWriter output, CancellationToken cancellation)
    {
        var unknown = options.Names.Except(CommonOptions).Except(definition.Options).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"{definition.Name} does not know {string.Join(", ", unknown)}");
        }

        var duration = options.Duration("--duration", TimeSpan.FromSeconds(30));
        var load = options.Load(duration) ?? definition.DefaultLoad(duration);
        var target = options.Get("--target");
        var drain = options.Duration("--drain", definition.DefaultDrain(options, embedded: target is null));

        await using var node = target is null ? await EmbeddedNode.StartAsync(definition.EmbeddedSettings(options)) : null;
        var address = node?.Address ?? new Uri(target!);
        using var clients = new NodeClients(address, options.Int("--connections", 4), node?.Tokens ?? NodeTokens.ForTarget(address, options));
        var scenario = definition.Create(options, clients)
            .WithWarmUpDuration(options.Duration("--warmup", TimeSpan.FromSeconds(3)))
            .WithLoadSimulations(load)
            .WithDrainDuration(drain);

        var result = await ScenarioRunner.RunAsync(scenario, ProgressViews.ForConsole(), cancellation);
        var described = node is null
            ? $"the node at {address}"
            : $"an embedded node in this process at {address} (in-memory storage{Settings(definition.EmbeddedSettings(options))})";
        var report = RunReport.From(result, described, Machine());
        var folder = options.Get("--report-dir") ?? DefaultReportFolder(scenario.Name, result.StartedAt);
        await report.WriteAsync(folder);

        output.WriteLine();
        output.Write(report.ToMarkdown());
        output.WriteLine();
        output.WriteLine($"report: {Path.GetFullPath(folder)}");
        return result.Passed ? 0 : 1;
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

    private static string Settings(IReadOnlyDictionary<string, string?> settings) =>
        string.Concat(settings.Select(s => $", {s.Key}={s.Value}"));
}
