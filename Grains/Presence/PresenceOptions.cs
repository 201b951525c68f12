using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Presence;

/// <summary>Desk supervision and live-stream knobs, bound from the "Presence" configuration section.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence";

    /// <summary>A watched desk silent this long is lost: its operator goes Offline and its offers go back to their queues.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long changes gather before they travel on: a queue's load to its organisation's
    /// presence board, and the board's batch to the Api hosts watching it. Operators' reports to
    /// the board gather for a tenth of it, and only while they follow each other (PresenceRelay).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
