namespace ContactCenter.Api.Push;

/// <summary>Renews the hubs' grain subscriptions well inside the grains' observer expiry (5 minutes).</summary>
public sealed class SubscriptionRefresher(DeskEventHub desks, PresenceHub presence) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await desks.RefreshAsync(stoppingToken);
            await presence.RefreshAsync(stoppingToken);
        }
    }
}
