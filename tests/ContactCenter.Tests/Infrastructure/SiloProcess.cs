using System.Diagnostics;

namespace ContactCenter.Tests.Infrastructure;

/// <summary>
/// A real Silo node in its own OS process (the ContactCenter.Silo.dll next to the tests), so a
/// test can kill it the hard way: no graceful shutdown, its membership row left Active, its
/// activations simply gone.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private SiloProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    public static async Task<SiloProcess> StartAsync(string connectionString, string clusterId, string serviceId)
    {
        var ports = FreePorts.Take(3);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ContactCenter.Silo.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__ContactCenter"] = connectionString;
        start.Environment["Cluster__ClusterId"] = clusterId;
        start.Environment["Cluster__ServiceId"] = serviceId;
        start.Environment["Cluster__SiloPort"] = ports[0].ToString();
        start.Environment["Cluster__GatewayPort"] = ports[1].ToString();
        start.Environment["Silo__HttpPort"] = ports[2].ToString();
        // A killed node is declared dead within seconds.
        start.Environment["Cluster__Membership__ProbeTimeout"] = "00:00:01";
        start.Environment["Cluster__Membership__NumMissedProbesLimit"] = "2";
        start.Environment["Cluster__Membership__NumVotesForDeathDeclaration"] = "1";
        start.Environment["Cluster__Membership__TableRefreshTimeout"] = "00:00:01";
        // Rows of nodes that died with the whole cluster count as stale after a few missed heartbeats.
        start.Environment["Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:02";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        // Drain the pipes so a chatty node never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, ports[2]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        Func<Task<bool>> healthy = async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the silo process exited with {process.ExitCode}");
                }

                try
                {
                    return (await http.GetAsync($"http://127.0.0.1:{silo.HttpPort}/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            };
        await Eventually.MatchAsync(healthy, ok => ok, "the silo process answers /health", StartTimeout);
        return silo;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
