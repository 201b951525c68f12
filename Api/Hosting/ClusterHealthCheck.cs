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
            var snapshot = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey)
                .GetAsync().AsTask().WaitAsync(Timeout, cancellationToken);
            return snapshot.Version > 0
                ? HealthCheckResult.Healthy($"directory version {snapshot.Version}")
                : HealthCheckResult.Degraded("the directory is empty: nothing can be routed");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", ex);
        }
    }
}
