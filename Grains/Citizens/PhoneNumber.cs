namespace ContactCenter.Citizens;

/// <summary>
/// Phone numbers as one key: digits only, with a leading '+' when given. Separators that people
/// and switches add (spaces, dashes, brackets) are dropped; anything else is refused.
/// </summary>
public static class PhoneNumber
{
    private const int MinDigits = 3;
    private const int MaxDigits = 15;

    public static bool TryNormalise(string? raw, out string normalised)
    {
        normalised = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var text = raw.Trim();
        var plus = text.StartsWith('+');
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in plus ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')'))
            {
                return false;
            }
        }

        if (digits.Length is < MinDigits or > MaxDigits)
        {
            return false;
        }

        normalised = plus ? "+" + digits : digits.ToString();
        return true;
    }
}
