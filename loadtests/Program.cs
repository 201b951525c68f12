using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Nodes;
using ContactCenter.LoadTests.Scenarios;

// dotnet run -c Release --project loadtests -- <scenario> [options]
ILoadScenario[] runnerScenarios = [new BaselineScenario(), new InboundScenario(), new TimersScenario(), new PresenceScenario(), new DayScenario()];

CliOptions options;
try
{
    options = CliOptions.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    return Usage();
}

switch (options.Scenario)
{
    case "demo":
        using (var demoLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            var demoTarget = new Uri(options.Get("--target") ?? "http://127.0.0.1:5000");
            return await DemoScenario.RunAsync(demoTarget, NodeTokens.ForTarget(demoTarget, options), Console.Out, demoLimit.Token);
        }

    case "report":
        using (var reportLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            var reportTarget = new Uri(options.Get("--target") ?? "http://127.0.0.1:5000");
            return await ReportScenario.RunAsync(reportTarget, NodeTokens.ForTarget(reportTarget, options), Console.Out, reportLimit.Token);
        }

    case "storage-throughput":
        return await StorageThroughputScenario.RunAsync(StorageThroughputOptions.From(options.Get), Console.Out);
    case "routing-throughput":
        return await RoutingThroughputScenario.RunAsync(RoutingThroughputOptions.From(options.Get), Console.Out);
}

if (runnerScenarios.FirstOrDefault(s => s.Name == options.Scenario) is not { } scenario)
{
    return Usage();
}

// Ctrl+C stops the load early; the drain, the checks and the report still follow.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    return await LoadRun.RunAsync(scenario, options, Console.Out, stop.Token);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    return Usage();
}

int Usage()
{
    var usage = Console.Error;
    usage.WriteLine("usage: dotnet run -c Release --project loadtests -- <scenario> [options]");
    usage.WriteLine();
    usage.WriteLine("Runner scenarios, against an embedded node this tool starts, or a running Api with --target URL:");
    foreach (var s in runnerScenarios)
    {
        usage.WriteLine($"  {s.Usage}");
    }

    usage.WriteLine("  common: [--rate R per second (open model) | --copies N (closed model)] [--duration 30s] [--warmup 3s] [--drain D]");
    usage.WriteLine("          [--baseline D (health checks for D seconds on the same node first; the report gives the scenario's throughput as a share of theirs)]");
    usage.WriteLine("          [--node embedded|process (the node this tool starts: in its process, the default, or a process of its own)]");
    usage.WriteLine("          [--pg <connection string> (that node keeps its cluster and state in PostgreSQL; db/start-postgres.sh prints one)]");
    usage.WriteLine("          [--target http://host:5000[,http://host2:5000…] (a running node, or a cluster's nodes, instead)] [--connections 4] [--report-dir DIR (default loadtests/reports/<time>-<scenario>/)]");
    usage.WriteLine("          [--metrics http://host:8080/metrics[,…] (the --target nodes' counters, summed, for the report's cost per iteration)]");
    usage.WriteLine();
    usage.WriteLine("  tokens: an embedded node signs its own; for --target (and demo, report): [--token-url http://host:8080/dev/token (a node in Development)]");
    usage.WriteLine("          or [--signing-key <the node's Auth:SigningKey>]");
    usage.WriteLine();
    usage.WriteLine("Other scenarios:");
    usage.WriteLine("  demo [--target http://127.0.0.1:5000]");
    usage.WriteLine("      routes one citizen's call to an operator through the running Api and prints its card");
    usage.WriteLine("  report [--target http://127.0.0.1:5000]");
    usage.WriteLine("      an answered call with a survey score and an abandoned one, then the ОДКЦ rows, KPI compliance, CSV and a staffing estimate");
    usage.WriteLine("  routing-throughput [--operators 1000] [--waiting 10000] [--queues 1,8] [--seconds 60] [--desks 64]");
    usage.WriteLine("      hosts a silo in this process and measures routing decisions per second");
    usage.WriteLine("  storage-throughput [--storage memory,postgres] [--pg <connection string>] [--seconds 20] [--workers 32]");
    usage.WriteLine("      hosts a silo in this process on each storage and measures state writes and interaction lifecycles per second");
    return 2;
}
