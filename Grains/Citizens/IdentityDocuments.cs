using ContactCenter.Model;

namespace ContactCenter.Citizens;

/// <summary>Identity-document data as compared: the kind, and the series and number without spaces or case.</summary>
public static class IdentityDocuments
{
    private const int MaxNumberLength = 32;

    public static string Normalise(IdentityDocument document, string field)
    {
        if (!Enum.IsDefined(document.Kind))
        {
            throw ContactCenterException.Invalid($"{field}.kind is required");
        }

        var number = new string([.. (document.Number ?? string.Empty).Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        if (number.Length is 0 or > MaxNumberLength)
        {
            throw ContactCenterException.Invalid($"{field}.number must hold 1 to {MaxNumberLength} letters or digits (series and number)");
        }

        return $"{document.Kind}:{number}";
    }
}
