using Microsoft.Extensions.Options;

namespace ContactCenter.Api.Hosting;

/// <summary>
/// While the cluster is not up yet (the Api started first, or every silo is restarting) the
/// client keeps trying with capped exponential back-off, up to Hosting:ClusterConnectTimeout;
/// then the Api fails to start rather than serve without a cluster.
/// </summary>
public sealed class ClusterConnectionRetryFilter(IOptions<HostingOptions> options, ILogger<ClusterConnectionRetryFilter> logger)
    : IClientConnectionRetryFilter
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly DateTimeOffset _giveUpAt = DateTimeOffset.UtcNow + options.Value.ClusterConnectTimeout;
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow >= _giveUpAt)
        {
            logger.LogError(exception, "No silo of the cluster answered within {Timeout}; giving up", options.Value.ClusterConnectTimeout);
            return false;
        }

        _attempt++;
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(_attempt - 1, 10)));
        logger.LogWarning("Cluster not reachable yet (attempt {Attempt}, next in {Delay}): {Reason}", _attempt, delay, exception.Message);
        await Task.Delay(delay, cancellationToken);
        return true;
    }
}
