using ContactCenter.Model;

namespace ContactCenter.Operators;

/// <summary>Which statuses an operator (or a supervisor for them) may set, and from where.</summary>
public static class OperatorStatusRules
{
    /// <summary>Busy is derived from capacity and Offline is reached by signing out, so neither is set directly.</summary>
    public static void EnsureSettable(OperatorStatus current, OperatorStatus target, NotReadyReason reason)
    {
        if (current == OperatorStatus.Offline)
        {
            throw ContactCenterException.Precondition("the operator is not signed in");
        }

        switch (target)
        {
            case OperatorStatus.Available or OperatorStatus.AfterCallWork when reason != NotReadyReason.None:
                throw ContactCenterException.Invalid($"a reason goes only with Not ready, not with {target}");
            case OperatorStatus.NotReady when reason == NotReadyReason.None:
                throw ContactCenterException.Invalid("Not ready needs a reason (break, lunch, training, meeting, ...)");
            case OperatorStatus.Busy:
                throw ContactCenterException.Invalid("Busy follows from the workload and cannot be set");
            case OperatorStatus.Offline:
                throw ContactCenterException.Invalid("sign out to go Offline");
        }
    }

    public static void EnsureSignInStatus(OperatorStatus initial, NotReadyReason reason)
    {
        if (initial is not (OperatorStatus.Available or OperatorStatus.NotReady))
        {
            throw ContactCenterException.Invalid($"an operator signs in as Available or Not ready, not {initial}");
        }

        EnsureSettable(OperatorStatus.Available, initial, reason);
    }

    /// <summary>A supervisor forces Available, or Not ready with the reason ForcedBySupervisor; returns that reason.</summary>
    public static NotReadyReason EnsureForcible(OperatorStatus current, OperatorStatus target)
    {
        if (target is not (OperatorStatus.Available or OperatorStatus.NotReady))
        {
            throw ContactCenterException.Invalid($"a supervisor sets Available or Not ready, not {target}; sign the operator out to make it Offline");
        }

        var reason = target == OperatorStatus.NotReady ? NotReadyReason.ForcedBySupervisor : NotReadyReason.None;
        EnsureSettable(current, target, reason);
        return reason;
    }
}
