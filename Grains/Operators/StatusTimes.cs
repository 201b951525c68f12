namespace ContactCenter.Operators;

/// <summary>
/// The time an operator has spent in each status shown on its desk (Busy included, Not ready per
/// reason), kept on the operator's durable state for reports. The current status counts from
/// <see cref="Since"/>; nothing is counted before the first sign-in.
/// </summary>
[GenerateSerializer]
public sealed class StatusTimes
{
    [Id(0)]
    public OperatorStatus Status { get; set; } = OperatorStatus.Offline;

    [Id(1)]
    public NotReadyReason Reason { get; set; }

    /// <summary>When the current status began; null until the operator first signs in.</summary>
    [Id(2)]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Closed stretches per status; Not ready is split by reason in <see cref="NotReady"/>.</summary>
    [Id(3)]
    public Dictionary<OperatorStatus, TimeSpan> Totals { get; set; } = [];

    [Id(4)]
    public Dictionary<NotReadyReason, TimeSpan> NotReady { get; set; } = [];

    /// <summary>Closes the current stretch when the shown status differs; true when it did.</summary>
    public bool Enter(OperatorStatus status, NotReadyReason reason, DateTimeOffset now)
    {
        if (status != OperatorStatus.NotReady)
        {
            reason = NotReadyReason.None;
        }

        if (Since is not null && status == Status && reason == Reason)
        {
            return false;
        }

        if (Since is { } since)
        {
            Add(Status, Reason, Elapsed(since, now));
        }

        Status = status;
        Reason = reason;
        Since = now;
        return true;
    }

    /// <summary>Every status with time in it, the current one counted up to <paramref name="now"/>.</summary>
    public IReadOnlyList<StatusTime> AsOf(DateTimeOffset now)
    {
        var totals = Totals.Where(t => t.Key != OperatorStatus.NotReady).ToDictionary(t => (t.Key, NotReadyReason.None), t => t.Value);
        foreach (var (reason, total) in NotReady)
        {
            totals[(OperatorStatus.NotReady, reason)] = total;
        }

        if (Since is { } since)
        {
            totals[(Status, Reason)] = totals.GetValueOrDefault((Status, Reason)) + Elapsed(since, now);
        }

        return totals
            .OrderBy(t => t.Key.Item1).ThenBy(t => t.Key.Item2)
            .Select(t => new StatusTime(t.Key.Item1, t.Key.Item2, t.Value))
            .ToList();
    }

    private void Add(OperatorStatus status, NotReadyReason reason, TimeSpan elapsed)
    {
        if (status == OperatorStatus.NotReady)
        {
            NotReady[reason] = NotReady.GetValueOrDefault(reason) + elapsed;
        }
        else
        {
            Totals[status] = Totals.GetValueOrDefault(status) + elapsed;
        }
    }

    private static TimeSpan Elapsed(DateTimeOffset since, DateTimeOffset now) => now > since ? now - since : TimeSpan.Zero;
}
