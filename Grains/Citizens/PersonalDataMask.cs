namespace ContactCenter.Citizens;

/// <summary>
/// How the 1st line sees personal data: enough to confirm a detail with the citizen ("the number
/// ending 98 87?"), not enough to use it.
/// </summary>
public static class PersonalDataMask
{
    private const int VisiblePhoneDigits = 4;

    /// <summary>+79183929887 → +7 *** *** 98 87; numbers of other plans keep their last four digits.</summary>
    public static string Phone(string normalised)
    {
        var plus = normalised.StartsWith('+');
        var digits = plus ? normalised[1..] : normalised;
        if (digits.Length <= VisiblePhoneDigits)
        {
            return new string('*', digits.Length);
        }

        var tail = digits[^VisiblePhoneDigits..];
        var grouped = $"{tail[..2]} {tail[2..]}";
        if (digits.Length == 11 && digits[0] is '7' or '8')
        {
            return $"{(plus ? "+" : string.Empty)}{digits[0]} *** *** {grouped}";
        }

        return $"{(plus ? "+" : string.Empty)}{new string('*', digits.Length - VisiblePhoneDigits)} {grouped}";
    }

    /// <summary>olga.ivanova@mail.ru → o***@mail.ru.</summary>
    public static string Email(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    /// <summary>Иванова → И***: the 1st line addresses the citizen by name and patronymic.</summary>
    public static string Surname(string surname) => surname.Length == 0 ? string.Empty : $"{surname[0]}***";

    /// <summary>SNILS ***-***-248 91.</summary>
    public static string Snils(string digits) => Citizens.Snils.Mask(digits);
}
