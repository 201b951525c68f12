using ContactCenter.Model;

namespace ContactCenter.Citizens;

/// <summary>
/// SNILS, the Social Fund's individual insurance account number: nine digits and a two-digit
/// check number, written 029-478-248 91. The check number is the sum of the first nine digits
/// weighted 9 down to 1: below 100 it is the sum itself, 100 and 101 give 00, larger sums are
/// taken modulo 101 (where 100 again gives 00). Numbers up to 001-001-998 were issued before the
/// rule and carry any check number.
/// </summary>
public static class Snils
{
    public const int Length = 11;

    private const int LastNumberWithoutCheck = 1_001_998;

    /// <summary>The eleven digits of a SNILS written with or without spaces and dashes; otherwise INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static string Parse(string? raw, string field) =>
        TryParse(raw, out var digits, out var error) ? digits : throw ContactCenterException.Invalid($"{field}: {error}");

    /// <summary>
    /// The error never repeats the number: it is personal data and error messages end up in logs.
    /// </summary>
    public static bool TryParse(string? raw, out string digits, out string? error)
    {
        digits = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "a SNILS is required (11 digits, e.g. 029-478-248 91)";
            return false;
        }

        var collected = new System.Text.StringBuilder(Length);
        foreach (var c in raw.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                collected.Append(c);
            }
            else if (c is not (' ' or '-'))
            {
                error = "a SNILS holds only digits, separated by spaces or dashes (e.g. 029-478-248 91)";
                return false;
            }
        }

        if (collected.Length != Length)
        {
            error = $"a SNILS has {Length} digits (e.g. 029-478-248 91), this one has {collected.Length}";
            return false;
        }

        var candidate = collected.ToString();
        if (!HasValidCheckNumber(candidate))
        {
            error = "the check number (last two digits) does not match the first nine digits; the SNILS is mistyped";
            return false;
        }

        digits = candidate;
        error = null;
        return true;
    }

    public static bool HasValidCheckNumber(string digits)
    {
        var number = int.Parse(digits.AsSpan(0, 9), System.Globalization.CultureInfo.InvariantCulture);
        var check = int.Parse(digits.AsSpan(9, 2), System.Globalization.CultureInfo.InvariantCulture);
        return number <= LastNumberWithoutCheck || check == CheckNumber(digits.AsSpan(0, 9));
    }

    /// <summary>The check number of the first nine digits.</summary>
    public static int CheckNumber(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (nineDigits[i] - '0') * (9 - i);
        }

        return sum switch
        {
            < 100 => sum,
            100 or 101 => 0,
            _ => sum % 101 % 100,
        };
    }

    /// <summary>029-478-248 91.</summary>
    public static string Format(string digits) => $"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}";

    /// <summary>***-***-248 91: enough to confirm with the citizen, not enough to use.</summary>
    public static string Mask(string digits) => $"***-***-{digits[6..9]} {digits[9..]}";
}
