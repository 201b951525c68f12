using ContactCenter.LoadTests.Scenarios;

// dotnet run --project loadtests -- <scenario> [options]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
var target = new Uri(OptionValue(args, "--target") ?? "http://127.0.0.1:5000");
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));

switch (scenario)
{
    case "demo":
        return await DemoScenario.RunAsync(target, Console.Out, cancellation.Token);
    case "report":
        return await ReportScenario.RunAsync(target, Console.Out, cancellation.Token);
    case "storage-throughput":
        return await StorageThroughputScenario.RunAsync(StorageThroughputOptions.From(name => OptionValue(args, name)), Console.Out);
    case "routing-throughput":
        return await RoutingThroughputScenario.RunAsync(RoutingThroughputOptions.From(name => OptionValue(args, name)), Console.Out);
    default:
        Console.Error.WriteLine("usage: dotnet run --project loadtests -- <scenario> [options]");
        Console.Error.WriteLine("  demo [--target http://127.0.0.1:5000]");
        Console.Error.WriteLine("      routes one citizen's call to an operator through the running Api and prints its card");
        Console.Error.WriteLine("  report [--target http://127.0.0.1:5000]");
        Console.Error.WriteLine("      an answered call with a survey score and an abandoned one, then the ОДКЦ rows, KPI compliance, CSV and a staffing estimate");
        Console.Error.WriteLine("  routing-throughput [--operators 1000] [--waiting 10000] [--queues 1,8] [--seconds 60] [--desks 64]");
        Console.Error.WriteLine("      hosts a silo in this process and measures routing decisions per second");
        Console.Error.WriteLine("  storage-throughput [--storage memory,postgres] [--pg <connection string>] [--seconds 20] [--workers 32]");
        Console.Error.WriteLine("      hosts a silo in this process on each storage and measures state writes and interaction lifecycles per second");
        return 2;
}

static string? OptionValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
