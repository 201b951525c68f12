using System.ComponentModel.DataAnnotations;
using ContactCenter.Model;

namespace ContactCenter.Common;

/// <summary>The regulated time limits (seeds 002, 003), bound from the "TimeLimits" configuration section.</summary>
public sealed class TimeLimitsOptions
{
    public const string Section = "TimeLimits";

    /// <summary>A transfer must connect to an operator within this; past it the breach is recorded and the queue's fallback applies.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Silence on a text conversation after which it is closed for citizen inactivity.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TextInactivity { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VoiceInactivity { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Video is spoken, so it gets the voice limit unless configured.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VideoInactivity { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrap-up ends by itself after this, unless the queue sets its own limit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WrapUpLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Added to the priority of a transfer that breached its limit, so it comes before ordinary contacts.</summary>
    [Range(1, 1_000_000)]
    public int BreachedTransferPriorityBoost { get; set; } = 1000;

    /// <summary>A deferred request must be completed within this much working time of the region, counted from registration (seed 003).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DeferredDeadline { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Added to a deferred request's callback priority: deferred requests are handled first (seed 003).</summary>
    [Range(0, 1_000_000)]
    public int DeferredPriorityBoost { get; set; } = 100;

    /// <summary>How long a due callback waits before trying again when its queue has nobody signed in or is full.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan InactivityLimit(Channel channel) => channel switch
    {
        Channel.Text => TextInactivity,
        Channel.Video => VideoInactivity,
        _ => VoiceInactivity,
    };
}
