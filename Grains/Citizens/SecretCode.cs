using ContactCenter.Model;

namespace ContactCenter.Citizens;

/// <summary>
/// The citizen's secret code (кодовое слово): letters and/or digits, said over the phone, so case
/// and ё/е do not matter. Never echoed in an error, a log or a view.
/// </summary>
public static class SecretCode
{
    public const int MinLength = 4;
    public const int MaxLength = 64;

    public static string Normalise(string? raw, string field)
    {
        var code = (raw ?? string.Empty).Trim();
        if (code.Length is < MinLength or > MaxLength || !code.All(char.IsLetterOrDigit))
        {
            throw ContactCenterException.Invalid($"{field} must be {MinLength} to {MaxLength} letters or digits");
        }

        return code.Replace('ё', 'е').Replace('Ё', 'Е').ToUpperInvariant();
    }
}
