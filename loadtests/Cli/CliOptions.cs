using System.Globalization;
using ContactCenter.LoadTests.Runner;

namespace ContactCenter.LoadTests.Cli;

/// <summary><c>&lt;scenario&gt; [--name value]...</c>: the scenario's name and its options.</summary>
public sealed class CliOptions
{
    private readonly Dictionary<string, string> _values;

    private CliOptions(string? scenario, Dictionary<string, string> values)
    {
        Scenario = scenario;
        _values = values;
    }

    public string? Scenario { get; }

    public IEnumerable<string> Names => _values.Keys;

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        string? scenario = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"{args[i]} needs a value");
                }

                values[args[i]] = args[++i];
            }
            else if (scenario is null)
            {
                scenario = args[i];
            }
            else
            {
                throw new FormatException($"unexpected argument '{args[i]}'");
            }
        }

        return new CliOptions(scenario, values);
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>One or more http(s) addresses, comma-separated (the nodes of a cluster); null when not given.</summary>
    public IReadOnlyList<Uri>? Addresses(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        var addresses = new List<Uri>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            addresses.Add(Uri.TryCreate(item, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
                ? address
                : throw new FormatException($"{name} takes http(s) addresses separated by commas; '{item}' is not one"));
        }

        return addresses.Count > 0 ? addresses : throw new FormatException($"{name} names no address");
    }

    public int Int(string name, int fallback)
    {
        if (Get(name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"{name} must be a whole number, was '{text}'");
    }

    public TimeSpan Duration(string name, TimeSpan fallback) => Get(name) is { } text ? Durations.Parse(text, name) : fallback;

    public TimeSpan? Duration(string name) => Get(name) is { } text ? Durations.Parse(text, name) : null;

    /// <summary><c>--rate R</c> (open model, R per second) or <c>--copies N</c> (closed model); null for the scenario's default.</summary>
    public LoadSimulation? Load(TimeSpan duration)
    {
        var rate = Get("--rate");
        var copies = Get("--copies");
        return (rate, copies) switch
        {
            (not null, not null) => throw new FormatException("give --rate (open model) or --copies (closed model), not both"),
            (not null, null) => Simulation.Inject(Positive("--rate"), TimeSpan.FromSeconds(1), duration),
            (null, not null) => Simulation.KeepConstant(Positive("--copies"), duration),
            _ => null,
        };
    }

    private int Positive(string name) => Int(name, 0) is > 0 and var value ? value : throw new FormatException($"{name} must be at least 1");
}

public static class Durations
{
    /// <summary>Seconds ("5", "0.5"), with a unit ("250ms", "5s", "2m", "1h"), or a time span ("00:00:05").</summary>
    public static TimeSpan Parse(string text, string name)
    {
        var value = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            {
                return Checked(TimeSpan.FromSeconds(count * seconds), name, text);
            }
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            return Checked(TimeSpan.FromSeconds(plain), name, text);
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span)
            ? Checked(span, name, text)
            : throw new FormatException($"{name} must be a duration such as 30, 30s, 500ms, 2m or 00:00:30, was '{text}'");
    }

    private static TimeSpan Checked(TimeSpan value, string name, string text) =>
        value >= TimeSpan.Zero ? value : throw new FormatException($"{name} must not be negative, was '{text}'");
}
