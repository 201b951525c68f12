using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// A complete node in a process of its own (<c>--node process</c>): the Api with its embedded silo,
/// started from the Api build beside this tool, on free loopback ports. The load tool then shares
/// only the cores with it, not the heap, the thread pool or the GC, so its figures and its memory
/// are the node's alone. With a PostgreSQL connection string it runs on PostgreSQL, as production
/// does. It runs as Production too (no developer exception page, no scope validation, no dev token
/// endpoint), with a signing key made for the run that this tool mints its tokens with.
/// </summary>
public sealed class ProcessNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ProcessNode(Process process, StreamWriter log, Uri address, NodeTokens tokens, Uri metricsUrl, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        Tokens = tokens;
        MetricsUrl = metricsUrl;
        LogPath = logPath;
    }

    public Uri Address { get; }

    /// <summary>The node's Prometheus scrape endpoint on its HTTP port.</summary>
    public Uri MetricsUrl { get; }

    /// <summary>Tokens signed with the node's key.</summary>
    public NodeTokens Tokens { get; }

    /// <summary>Where the node's own output goes.</summary>
    public string LogPath { get; }

    public int ProcessId => _process.Id;

    /// <param name="settings">Configuration on top of the defaults, as for <see cref="EmbeddedNode"/>.</param>
    public static async Task<ProcessNode> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellation)
    {
        var api = Path.Combine(AppContext.BaseDirectory, "ContactCenter.Api.dll");
        if (!File.Exists(api))
        {
            throw new FileNotFoundException($"the Api build is not beside this tool: {api}");
        }

        var grpcPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // In the environment rather than the arguments, which any process on the machine can list.
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        start.Environment["Auth__SigningKey"] = signingKey;
        string[] arguments =
        [
            api,
            $"--Hosting:GrpcPort={grpcPort}",
            $"--Hosting:HttpPort={httpPort}",
            $"--Cluster:SiloPort={FreePorts.Next()}",
            $"--Cluster:GatewayPort={FreePorts.Next()}",
            $"--Cluster:ClusterId=loadtests-{grpcPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans.Runtime.Silo=Error",
            "--Logging:LogLevel:Orleans.Runtime.Watchdog=Error",
            "--environment=Production",
            .. settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"loadtests-node-{grpcPort}.log");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Should this tool be stopped (Ctrl+C, a time limit), the node must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);
        var node = new ProcessNode(process, log, new Uri($"http://127.0.0.1:{grpcPort}"),
            NodeTokens.SignedWith(signingKey),
            EmbeddedNode.MetricsAt(httpPort), logPath);
        try
        {
            await node.WaitUntilServingAsync(cancellation);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node's peak resident memory so far (VmHWM), in MiB; null where /proc does not tell.</summary>
    public long? PeakWorkingSetMiB()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // An in-memory node has nothing to save; a PostgreSQL one recovers from its tables.
            _process.Kill(entireProcessTree: true);
        }

        // Waits for the output to drain too, so the log is closed after its last line.
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or disposed.
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellation)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with code {_process.ExitCode} while starting; its output: {LogPath}");
            }

            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellation);
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the node did not serve within {StartTimeout.TotalSeconds:0} s; its output: {LogPath}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }
    }
}
