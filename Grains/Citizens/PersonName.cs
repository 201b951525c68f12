namespace ContactCenter.Citizens;

/// <summary>
/// Names as they are compared when a citizen states them: case, surrounding and repeated spaces,
/// and ё written as е do not make a different person.
/// </summary>
public static class PersonName
{
    public const int MaxLength = 100;

    public static string Normalise(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', words).Replace('ё', 'е').Replace('Ё', 'Е').ToUpperInvariant();
    }

    public static bool Same(string? a, string? b) => Normalise(a) == Normalise(b);

    /// <summary>A stated name, tidied for storing (spaces trimmed and collapsed, case kept).</summary>
    public static string? Tidy(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? null
            : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
