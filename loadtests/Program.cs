using ContactCenter.LoadTests.Scenarios;

// dotnet run --project loadtests -- <scenario> [--target http://127.0.0.1:5000]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
var target = new Uri(OptionValue(args, "--target") ?? "http://127.0.0.1:5000");
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));

switch (scenario)
{
    case "demo":
        return await DemoScenario.RunAsync(target, Console.Out, cancellation.Token);
    default:
        Console.Error.WriteLine("usage: dotnet run --project loadtests -- demo [--target http://127.0.0.1:5000]");
        Console.Error.WriteLine("  demo   routes one citizen's call to an operator and prints its card");
        return 2;
}

static string? OptionValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
