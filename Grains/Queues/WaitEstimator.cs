namespace ContactCenter.Queues;

/// <summary>
/// The wait a citizen is told about: the work ahead of them (their position times the average
/// handling time) shared among the operators serving the queue. With nobody serving it, the
/// estimate is the queue's maximum wait: the honest upper bound.
/// </summary>
public static class WaitEstimator
{
    public static TimeSpan Estimate(int position, int servingOperators, TimeSpan averageHandlingTime, TimeSpan maxWait)
    {
        if (position <= 0)
        {
            return TimeSpan.Zero;
        }

        if (servingOperators <= 0)
        {
            return maxWait;
        }

        var estimate = averageHandlingTime * position / servingOperators;
        return estimate < maxWait ? estimate : maxWait;
    }
}
