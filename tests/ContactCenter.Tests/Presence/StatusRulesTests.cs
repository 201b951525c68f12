using ContactCenter.Model;
using ContactCenter.Operators;

namespace ContactCenter.Tests.Presence;

/// <summary>Which statuses a supervisor may force, and from where.</summary>
public sealed class StatusRulesTests
{
    [Theory]
    [InlineData(OperatorStatus.Available, OperatorStatus.NotReady, NotReadyReason.ForcedBySupervisor)]
    [InlineData(OperatorStatus.AfterCallWork, OperatorStatus.NotReady, NotReadyReason.ForcedBySupervisor)]
    [InlineData(OperatorStatus.NotReady, OperatorStatus.Available, NotReadyReason.None)]
    [InlineData(OperatorStatus.AfterCallWork, OperatorStatus.Available, NotReadyReason.None)]
    public void A_supervisor_forces_available_or_not_ready_for_a_signed_in_operator(OperatorStatus current, OperatorStatus target, NotReadyReason reason) =>
        Assert.Equal(reason, OperatorStatusRules.EnsureForcible(current, target));

    [Theory]
    [InlineData(OperatorStatus.Available, OperatorStatus.Busy, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Available, OperatorStatus.AfterCallWork, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Available, OperatorStatus.Offline, ErrorKind.InvalidArgument)]
    [InlineData(OperatorStatus.Offline, OperatorStatus.Available, ErrorKind.FailedPrecondition)]
    [InlineData(OperatorStatus.Offline, OperatorStatus.NotReady, ErrorKind.FailedPrecondition)]
    public void Other_forced_statuses_and_signed_out_operators_are_refused(OperatorStatus current, OperatorStatus target, ErrorKind kind) =>
        Assert.Equal(kind, Assert.Throws<ContactCenterException>(() => OperatorStatusRules.EnsureForcible(current, target)).Kind);
}
