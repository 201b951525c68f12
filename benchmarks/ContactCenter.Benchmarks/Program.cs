using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ContactCenter.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
