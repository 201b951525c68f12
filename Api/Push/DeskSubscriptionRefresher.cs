namespace ContactCenter.Api.Push;

/// <summary>Renews the hub's grain subscriptions well inside the grains' observer expiry (5 minutes).</summary>
public sealed class DeskSubscriptionRefresher(DeskEventHub hub) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await hub.RefreshAsync(stoppingToken);
        }
    }
}
