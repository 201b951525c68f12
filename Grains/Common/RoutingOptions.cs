using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Common;

/// <summary>Routing knobs, bound from the "Routing" configuration section.</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Consecutive missed offers after which an operator goes Not ready (no answer).</summary>
    [Range(1, 100)]
    public int MissedOffersBeforeNotReady { get; set; } = 2;

    /// <summary>Used for wait estimates until a queue has measured its own handling time.</summary>
    public TimeSpan AverageHandlingTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How often a waiting or offered interaction, or one with a deadline, is woken by the durable
    /// deadline watch, in case the silo holding its timers (or its queue) died. Reminders cannot be more frequent than
    /// Orleans' minimum reminder period (1 minute unless configured).
    /// </summary>
    public TimeSpan DeadlineBackstopPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Shards of the deadline watch, each a grain with one reminder and the list of interactions it
    /// wakes. More shards make each save smaller; fewer let more watches share one save.
    /// </summary>
    [Range(1, 65_536)]
    public int DeadlineWatchShards { get; set; } = 128;

    /// <summary>
    /// How long a queue gathers changes to its waiting list before saving it (zero: save on every
    /// change). Safe because each waiting interaction is durable on its own; see QueueGrain.
    /// </summary>
    public TimeSpan QueueSaveDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many offers one queue has out at once, each to a different operator, waiting for the
    /// operator's and the interaction's answers.
    /// </summary>
    [Range(1, 10_000)]
    public int OffersInFlightPerQueue { get; set; } = 64;

    /// <summary>How many interactions one citizen contact history keeps on the card.</summary>
    [Range(1, 10_000)]
    public int CitizenHistoryLimit { get; set; } = 200;
}
