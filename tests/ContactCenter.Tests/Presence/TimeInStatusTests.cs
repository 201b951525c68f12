using ContactCenter.Interactions;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Presence;

/// <summary>Time in each shown status, accumulated on the operator's state for reports.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TimeInStatusTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public void Stretches_add_up_per_status_and_not_ready_reason_and_the_current_one_counts_to_now()
    {
        var times = new StatusTimes();
        Assert.Empty(times.AsOf(T0));

        Assert.True(times.Enter(OperatorStatus.Available, NotReadyReason.None, T0));
        Assert.False(times.Enter(OperatorStatus.Available, NotReadyReason.None, T0.AddSeconds(5)));
        times.Enter(OperatorStatus.NotReady, NotReadyReason.Break, T0.AddSeconds(10));
        times.Enter(OperatorStatus.NotReady, NotReadyReason.Lunch, T0.AddSeconds(30));
        times.Enter(OperatorStatus.Available, NotReadyReason.None, T0.AddSeconds(60));
        times.Enter(OperatorStatus.NotReady, NotReadyReason.Break, T0.AddSeconds(70));

        Assert.Equal(
            [
                new StatusTime(OperatorStatus.Available, NotReadyReason.None, TimeSpan.FromSeconds(20)),
                new StatusTime(OperatorStatus.NotReady, NotReadyReason.Break, TimeSpan.FromSeconds(25)),
                new StatusTime(OperatorStatus.NotReady, NotReadyReason.Lunch, TimeSpan.FromSeconds(30)),
            ],
            times.AsOf(T0.AddSeconds(75)));
    }

    [Fact]
    public async Task Time_in_status_accumulates_across_status_changes_busy_after_call_work_and_sign_out()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));

        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await AfterAsync(10, () => op.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break));
        await AfterAsync(20, () => op.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Lunch));
        await AfterAsync(30, () => op.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None));
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var call = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"));
        var busy = await op.GetSnapshotAsync();
        Assert.Equal((OperatorStatus.Busy, fixture.Time.GetUtcNow()), (busy.Status, busy.StatusSince));

        var interaction = Grains.GetGrain<IInteractionGrain>(call.Id);
        await AfterAsync(40, () => interaction.EndConversationAsync(dir.Id("op")));
        Assert.Equal(OperatorStatus.AfterCallWork, (await op.GetSnapshotAsync()).Status);
        await AfterAsync(15, () => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null)));
        await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.Available, "available after the call");
        await AfterAsync(7, () => op.SignOutAsync());
        await AfterAsync(100, () => op.SignInAsync(OperatorStatus.Available, NotReadyReason.None));
        fixture.Time.Advance(TimeSpan.FromSeconds(3));

        var snapshot = await op.GetSnapshotAsync();
        Assert.Equal(
            [
                new StatusTime(OperatorStatus.Offline, NotReadyReason.None, TimeSpan.FromSeconds(100)),
                new StatusTime(OperatorStatus.Available, NotReadyReason.None, TimeSpan.FromSeconds(10 + 5 + 7 + 3)),
                new StatusTime(OperatorStatus.NotReady, NotReadyReason.Break, TimeSpan.FromSeconds(20)),
                new StatusTime(OperatorStatus.NotReady, NotReadyReason.Lunch, TimeSpan.FromSeconds(30)),
                new StatusTime(OperatorStatus.Busy, NotReadyReason.None, TimeSpan.FromSeconds(40)),
                new StatusTime(OperatorStatus.AfterCallWork, NotReadyReason.None, TimeSpan.FromSeconds(15)),
            ],
            snapshot.TimeInStatus);
    }

    private async Task AfterAsync<T>(int seconds, Func<ValueTask<T>> change)
    {
        fixture.Time.Advance(TimeSpan.FromSeconds(seconds));
        await change();
    }
}
