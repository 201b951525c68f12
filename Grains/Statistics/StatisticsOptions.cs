using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Statistics;

/// <summary>Live statistics, bound from the "Statistics" configuration section.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>A citizen who leaves within this is a short abandon: reported apart, out of service level and lost share.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShortAbandon { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The sliding window of recent figures, in whole minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each silo sends the facts it gathered on to the statistics grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a statistics grain gathers merges before saving its counters.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>"Today" for organisations and operators, and for queues without working hours.</summary>
    public string TimeZoneId { get; set; } = "Europe/Moscow";
}
