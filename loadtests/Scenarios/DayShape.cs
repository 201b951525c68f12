using System.Globalization;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>
/// The 1414 centre's working day (SPEC §7, source 001: up to 50,000 contacts a day, 500 operators,
/// 09:00–21:00) scaled to <see cref="Operators"/> and compressed so that the day's contacts per
/// operator arrive at <see cref="Rate"/> a second. Every duration of the day (talk, patience,
/// time limits, the SL threshold) is divided by <see cref="Compression"/>; what the node measures
/// is multiplied back for the day-equivalent figures.
/// </summary>
public sealed record DayShape(
    int Operators,
    int SecondLine,
    int Rate,
    int TextPercent,
    int TransferPercent,
    int SilentPercent,
    int HangUpPercent,
    bool Embedded)
{
    public const int DayContacts = 50_000;
    public const int DayOperators = 500;
    public static readonly TimeSpan WorkingDay = TimeSpan.FromHours(12);

    /// <summary>The regulated bounds the KPIs are read against (SPEC §6): SL 90/20, average wait ≤ 60 s, lost share ≤ 5 %.</summary>
    public const int ServiceLevelPercent = 90;
    public static readonly TimeSpan ServiceLevelWithin = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan AverageWaitBound = TimeSpan.FromSeconds(60);
    public const double LostShareBound = 0.05;

    /// <summary>Real-day durations (SPEC §2 limits; talk within the ≤ 7.5 min AHT bound; a caller's patience in the queue).</summary>
    public static readonly (TimeSpan Min, TimeSpan Max) VoiceTalk = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
    public static readonly (TimeSpan Min, TimeSpan Max) TextTalk = (TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan HangUpWithin = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ShortAbandon = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan VoiceInactivity = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan TextInactivity = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The node's time limits take whole seconds from 1 s; compressed ones are kept at 2 s or more so timer jitter on a busy machine does not decide outcomes.</summary>
    public static readonly TimeSpan LimitFloor = TimeSpan.FromSeconds(2);

    public const int DefaultRate = 20;

    public static IReadOnlyCollection<string> OptionNames => ["--operators", "--second-line", "--text", "--transfers", "--silent", "--hang-ups"];

    public static DayShape From(CliOptions options)
    {
        if (options.Get("--copies") is not null)
        {
            throw new FormatException("day is an open model: give --rate (contacts a second), not --copies");
        }

        var operators = options.Int("--operators", 50);
        if (operators < 1)
        {
            throw new FormatException("--operators must be at least 1");
        }

        var rate = options.Int("--rate", DefaultRate);
        return new DayShape(
            operators,
            options.Int("--second-line", Math.Max(1, operators / 5)),
            rate < 1 ? throw new FormatException("--rate must be at least 1") : rate,
            Percent(options, "--text", 25),
            Percent(options, "--transfers", 10),
            Percent(options, "--silent", 5),
            Percent(options, "--hang-ups", 3),
            Embedded: options.Get("--target") is null);
    }

    /// <summary>How many times faster than the real day the run goes: the run's contacts per operator-second over the day's.</summary>
    public double Compression => Rate / (double)Operators / (DayContacts / (double)DayOperators / WorkingDay.TotalSeconds);

    /// <summary>The day's contacts at this scale.</summary>
    public long ContactsPerDay => (long)DayContacts * Operators / DayOperators;

    /// <summary>A real-day duration as the run lives it.</summary>
    public TimeSpan Compress(TimeSpan day) => day / Compression;

    /// <summary>A duration the node measured, as it would be in the real day.</summary>
    public TimeSpan Expand(TimeSpan run) => run * Compression;

    /// <summary>The node's inactivity limit on a channel: the compressed one on the embedded node, the node's default on a --target node.</summary>
    public TimeSpan InactivityLimit(Channel channel)
    {
        var day = channel == Channel.Text ? TextInactivity : VoiceInactivity;
        return Embedded ? Limit(day) : day;
    }

    public TimeSpan Limit(TimeSpan day) => Max(Compress(day), LimitFloor);

    public TimeSpan Draw((TimeSpan Min, TimeSpan Max) range) =>
        Compress(range.Min + ((range.Max - range.Min) * Random.Shared.NextDouble()));

    public IReadOnlyDictionary<string, string?> EmbeddedSettings => new Dictionary<string, string?>
    {
        ["TimeLimits:VoiceInactivity"] = Limit(VoiceInactivity).ToString("c", CultureInfo.InvariantCulture),
        ["TimeLimits:TextInactivity"] = Limit(TextInactivity).ToString("c", CultureInfo.InvariantCulture),
        ["TimeLimits:TransferTimeout"] = Limit(TransferTimeout).ToString("c", CultureInfo.InvariantCulture),
        ["Statistics:ShortAbandon"] = Compress(ShortAbandon).ToString("c", CultureInfo.InvariantCulture),
    };

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Operators} 1st-line + {SecondLine} 2nd-line operators, {Rate} contacts/s: the 1414 day ×{Compression:0.#} ({ContactsPerDay:N0} contacts a day, a day in {Compress(WorkingDay).TotalSeconds:0} s); " +
        $"{TextPercent} % text, {TransferPercent} % transferred to the 2nd line, {SilentPercent} % go silent, {HangUpPercent} % hang up in the queue");

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static int Percent(CliOptions options, string name, int fallback) =>
        options.Int(name, fallback) is var value and <= 100 ? value : throw new FormatException($"{name} is a percentage, 0 to 100");
}
