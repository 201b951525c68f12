namespace ContactCenter.Citizens;

/// <summary>The card as a caller sees it: SNILS formatted in full, or every personal field masked.</summary>
public static class CardPresentation
{
    public static CitizenCardView Present(CitizenCardView card, PersonalDataAccess access) => access == PersonalDataAccess.Full
        ? card with { Snils = card.Snils is { } snils ? Snils.Format(snils) : null }
        : card with
        {
            Surname = card.Surname is { } surname ? PersonalDataMask.Surname(surname) : null,
            Phones = [.. card.Phones.Select(PersonalDataMask.Phone)],
            Snils = card.Snils is { } digits ? PersonalDataMask.Snils(digits) : null,
            Email = card.Email is { } email ? PersonalDataMask.Email(email) : null,
            SecretCodePhone = card.SecretCodePhone is { } phone ? PersonalDataMask.Phone(phone) : null,
        };
}
