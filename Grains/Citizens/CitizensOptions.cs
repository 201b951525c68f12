using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Citizens;

/// <summary>Identification and privacy knobs, bound from the "Citizens" configuration section.</summary>
public sealed class CitizensOptions
{
    public const string Section = "Citizens";

    /// <summary>Failed identification attempts in a row after which a card is locked.</summary>
    [Range(1, 100)]
    public int MaxIdentificationFailures { get; set; } = 5;

    /// <summary>How long a locked card refuses identification; after it the count starts again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan LockoutPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for secret codes and document data (OWASP's figure for
    /// SHA-256). Stored with each hash, so a change applies to secrets set afterwards.
    /// </summary>
    [Range(100_000, 10_000_000)]
    public int SecretHashIterations { get; set; } = 600_000;

    /// <summary>The newest audit entries kept per card.</summary>
    [Range(100, 1_000_000)]
    public int AuditEntriesPerCard { get; set; } = 1_000;

    /// <summary>Audit entries older than this are dropped.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>
    /// How long a citizen card stays active after someone worked with it (read, identified,
    /// updated, merged) and nobody called it since (<see cref="ContactCenter.Common.QuietDeactivation"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:15:00")]
    public TimeSpan QuietDeactivation { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a caller's phone index and card stay active after a registration's lookup and
    /// attach when nothing else calls them: most contacts touch them only then, and an activation
    /// kept past the next young-generation collection costs the collector a copy (BENCHMARKS §11).
    /// Registrations from one number within the spell share the activations.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:15:00")]
    public TimeSpan QuietAfterRegistration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most audit entries one query returns.</summary>
    public const int MaxAuditQuery = 1_000;
}
