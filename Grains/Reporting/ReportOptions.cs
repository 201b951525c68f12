using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Reporting;

/// <summary>The reporting store and the reports, bound from the "Reports" configuration section.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>A repeat contact from the same citizen on the same topic within this spoils first-contact resolution.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan FcrWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The time zone report periods are cut in when the caller names none.</summary>
    public string TimeZoneId { get; set; } = "Europe/Moscow";

    /// <summary>Records waiting for the PostgreSQL writer; past this, reporting waits (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>At most this many records per COPY batch.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer lets records gather before a batch that is not yet full: each batch costs
    /// PostgreSQL three COPYs, three upserts and a commit whatever its size, so at a few hundred
    /// closes a second batches of a dozen records cost it more than the records (BENCHMARKS.md §10).
    /// Reports see a record this much later; zero writes whatever has arrived at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retries of a failing batch, with exponential backoff from <see cref="RetryDelay"/>.</summary>
    [Range(1, 100)]
    public int RetryAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After its retries are spent, a batch is logged and kept; it is tried again after this pause.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FailedBatchPause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A node without a database keeps the newest this many interactions (and as many status stretches) for its reports.</summary>
    [Range(1, 10_000_000)]
    public int InMemoryLimit { get; set; } = InMemoryReportStore.DefaultLimit;

    /// <summary>On shutdown, how long the writer keeps trying to write what it still holds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
