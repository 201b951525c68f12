using ContactCenter.Directory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Api.Hosting;

/// <summary>Healthy when a grain call reaches the cluster and the directory has content to route by.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // The version, not the snapshot: on a silo without the directory's activation the
            // whole directory would cross the network on every check (BENCHMARKS §15).
            var version = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey)
                .GetVersionAsync().AsTask().WaitAsync(Timeout, cancellationToken);
            return version > 0
                ? HealthCheckResult.Healthy($"directory version {version}")
                : HealthCheckResult.Degraded("the directory is empty: nothing can be routed");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", ex);
        }
    }
}
