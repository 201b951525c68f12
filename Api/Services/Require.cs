using ContactCenter.Model;

namespace ContactCenter.Api.Services;

/// <summary>Request field checks that name the field and what is wrong with it.</summary>
public static class Require
{
    private const int MaxIdLength = 128;

    public static string Id(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ContactCenterException.Invalid($"{field} is required");
        }

        if (value.Length > MaxIdLength)
        {
            throw ContactCenterException.Invalid($"{field} is longer than {MaxIdLength} characters");
        }

        return value;
    }

    public static string Language(string value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length is < 2 or > 8 || !value.All(char.IsAsciiLetterLower))
        {
            throw ContactCenterException.Invalid($"{field} must be a lower-case language code such as ru, kk or en, was '{value}'");
        }

        return value;
    }

    public static string? Optional(string value, string field) =>
        string.IsNullOrEmpty(value) ? null : Id(value, field);
}
