using ContactCenter.Model;
using ContactCenter.Operators;

namespace ContactCenter.Tests.Operators;

public sealed class OperatorRulesTests
{
    private static readonly Dictionary<Channel, int> Capacity = new() { [Channel.Voice] = 1, [Channel.Text] = 3, [Channel.Video] = 1 };

    [Fact]
    public void An_idle_operator_has_the_full_capacity_on_every_channel() =>
        Assert.Equal(Capacity, Workload.FreeCapacity(Capacity, []));

    [Fact]
    public void Chats_run_side_by_side_up_to_the_text_capacity_and_block_calls()
    {
        var free = Workload.FreeCapacity(Capacity, [Channel.Text, Channel.Text]);
        Assert.Equal(1, free[Channel.Text]);
        Assert.Equal(0, free[Channel.Voice]);
        Assert.Equal(0, free[Channel.Video]);
        Assert.False(Workload.HasRoom(Workload.FreeCapacity(Capacity, [Channel.Text, Channel.Text, Channel.Text])));
    }

    [Fact]
    public void A_call_takes_the_whole_operator() =>
        Assert.All(Workload.FreeCapacity(Capacity, [Channel.Voice]).Values, free => Assert.Equal(0, free));

    [Fact]
    public void Offers_and_assignments_count_as_held_alike()
    {
        var at = DateTimeOffset.Parse("2026-12-04T09:00:00+03:00");
        var chatOffer = new OfferInfo("i-1", "l1", Channel.Text, "r", "ru", null, at, at.AddSeconds(20));
        var chat = new Assignment("i-2", Channel.Text, at);
        var free = Workload.FreeCapacity(Capacity, [chatOffer], [chat]);
        Assert.Equal(Workload.FreeCapacity(Capacity, [Channel.Text, Channel.Text]), free);
        Assert.Equal(1, free[Channel.Text]);
        Assert.True(Workload.HasRoom(free));

        var callOffer = chatOffer with { InteractionId = "i-3", Channel = Channel.Voice };
        Assert.False(Workload.HasRoom(Workload.FreeCapacity(Capacity, [callOffer], [])));
        Assert.Equal(Capacity, Workload.FreeCapacity(Capacity, [], []));
    }

    [Theory]
    [InlineData(OperatorStatus.Available, NotReadyReason.None)]
    [InlineData(OperatorStatus.NotReady, NotReadyReason.Lunch)]
    [InlineData(OperatorStatus.AfterCallWork, NotReadyReason.None)]
    public void A_signed_in_operator_may_set_these_statuses(OperatorStatus target, NotReadyReason reason) =>
        OperatorStatusRules.EnsureSettable(OperatorStatus.Available, target, reason);

    [Theory]
    [InlineData(OperatorStatus.Available, OperatorStatus.Busy, NotReadyReason.None, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Available, OperatorStatus.Offline, NotReadyReason.None, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Available, OperatorStatus.NotReady, NotReadyReason.None, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.NotReady, OperatorStatus.Available, NotReadyReason.Break, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Offline, OperatorStatus.Available, NotReadyReason.None, ErrorKind.FailedPrecondition)]
    public void These_status_changes_are_refused(OperatorStatus current, OperatorStatus target, NotReadyReason reason, ErrorKind kind) =>
        Assert.Equal(kind, Assert.Throws<ContactCenterException>(() => OperatorStatusRules.EnsureSettable(current, target, reason)).Kind);

    [Fact]
    public void An_operator_signs_in_only_as_available_or_not_ready() =>
        Assert.Throws<ContactCenterException>(() => OperatorStatusRules.EnsureSignInStatus(OperatorStatus.AfterCallWork, NotReadyReason.None));
}
