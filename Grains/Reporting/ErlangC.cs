namespace ContactCenter.Reporting;

/// <summary>
/// What a staffing estimate needs: contacts forecast for one interval of the given length, their
/// average handling time, and the service-level target (a share answered within a time).
/// </summary>
public sealed record StaffingRequest(
    double Contacts,
    TimeSpan Interval,
    TimeSpan AverageHandleTime,
    double TargetServiceLevel,
    TimeSpan AnswerWithin);

/// <summary>
/// The fewest operators that meet the target, and what they give: the offered load in Erlangs,
/// the probability a contact waits, the expected service level, the average speed of answer and
/// the operators' occupancy.
/// </summary>
public sealed record StaffingEstimate(
    double TrafficErlangs,
    int Operators,
    double ProbabilityOfWaiting,
    double ServiceLevel,
    TimeSpan AverageSpeedOfAnswer,
    double Occupancy);

/// <summary>
/// Erlang C (M/M/N queue, nobody abandons). Erlang B is built up one operator at a time with
/// B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), which never forms A^N or N! and so stays exact for
/// thousands of operators; C(N) = N·B(N) / (N − A·(1 − B(N))) for N &gt; A. Then
/// SL = 1 − C·e^(−(N−A)·T/AHT) and ASA = C·AHT / (N − A).
/// </summary>
public static class ErlangC
{
    /// <summary>Beyond this the forecast is not a contact centre's; it is refused rather than looped over.</summary>
    public const int MaxOperators = 100_000;

    public static StaffingEstimate Estimate(StaffingRequest request)
    {
        Validate(request);
        var traffic = request.Contacts * request.AverageHandleTime.TotalSeconds / request.Interval.TotalSeconds;
        if (traffic == 0)
        {
            return new StaffingEstimate(0, 0, 0, 1, TimeSpan.Zero, 0);
        }

        var erlangB = 1.0;
        for (var n = 1; n <= MaxOperators; n++)
        {
            erlangB = traffic * erlangB / (n + traffic * erlangB);
            if (n <= traffic)
            {
                continue;
            }

            var estimate = With(n, traffic, erlangB, request);
            if (estimate.ServiceLevel >= request.TargetServiceLevel)
            {
                return estimate;
            }
        }

        throw Model.ContactCenterException.Invalid($"contacts: the load of {traffic:F0} Erlangs needs more than {MaxOperators} operators");
    }

    /// <summary>What <paramref name="operators"/> give at the request's load; null when they cannot keep up (N ≤ A).</summary>
    public static StaffingEstimate? For(int operators, StaffingRequest request)
    {
        Validate(request);
        var traffic = request.Contacts * request.AverageHandleTime.TotalSeconds / request.Interval.TotalSeconds;
        if (operators <= traffic || operators <= 0)
        {
            return null;
        }

        var erlangB = 1.0;
        for (var n = 1; n <= operators; n++)
        {
            erlangB = traffic * erlangB / (n + traffic * erlangB);
        }

        return With(operators, traffic, erlangB, request);
    }

    private static StaffingEstimate With(int n, double traffic, double erlangB, StaffingRequest request)
    {
        var waits = n * erlangB / (n - traffic * (1 - erlangB));
        var aht = request.AverageHandleTime.TotalSeconds;
        var serviceLevel = 1 - waits * Math.Exp(-(n - traffic) * request.AnswerWithin.TotalSeconds / aht);
        var asa = TimeSpan.FromSeconds(waits * aht / (n - traffic));
        return new StaffingEstimate(traffic, n, waits, serviceLevel, asa, traffic / n);
    }

    private static void Validate(StaffingRequest r)
    {
        if (!double.IsFinite(r.Contacts) || r.Contacts < 0)
        {
            throw Model.ContactCenterException.Invalid($"contacts: {r.Contacts} is not a number of contacts (0 or more)");
        }

        if (r.Interval <= TimeSpan.Zero)
        {
            throw Model.ContactCenterException.Invalid("interval: must be longer than zero");
        }

        if (r.AverageHandleTime <= TimeSpan.Zero)
        {
            throw Model.ContactCenterException.Invalid("average_handle_time: must be longer than zero");
        }

        if (!double.IsFinite(r.TargetServiceLevel) || r.TargetServiceLevel is <= 0 or >= 1)
        {
            throw Model.ContactCenterException.Invalid($"target_service_level: {r.TargetServiceLevel} is not a share between 0 and 1 (exclusive)");
        }

        if (r.AnswerWithin < TimeSpan.Zero)
        {
            throw Model.ContactCenterException.Invalid("answer_within: cannot be negative");
        }
    }
}
