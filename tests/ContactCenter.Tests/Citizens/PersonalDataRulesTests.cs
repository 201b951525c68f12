using ContactCenter.Citizens;
using ContactCenter.Model;

namespace ContactCenter.Tests.Citizens;

/// <summary>Masks, name comparison, secret codes and their hashes: the pure rules behind the card.</summary>
public sealed class PersonalDataRulesTests
{
    [Theory]
    [InlineData("+79183929887", "+7 *** *** 98 87")]
    [InlineData("89183929887", "8 *** *** 98 87")]
    [InlineData("+77012345678", "+7 *** *** 56 78")]
    [InlineData("+4930123456", "+****** 34 56")]
    [InlineData("112", "***")]
    public void Phones_are_masked_to_their_last_four_digits(string phone, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Phone(phone));

    [Theory]
    [InlineData("olga.ivanova@mail.ru", "o***@mail.ru")]
    [InlineData("a@b.ru", "a***@b.ru")]
    public void E_mail_keeps_its_first_letter_and_domain(string email, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Email(email));

    [Fact]
    public void Masked_card_hides_surname_phones_snils_and_email_but_keeps_name_and_history()
    {
        var card = new CitizenCardView(
            "card-1", ["+79183929887"], "RU-MOW", "ru", false, [new CitizenContact("i-1", DateTimeOffset.UnixEpoch)],
            Surname: "Иванова", Name: "Ольга", Patronymic: "Петровна", Snils: "02947824891", Email: "olga.ivanova@mail.ru",
            SecretCodePhone: "+79183929887");

        var masked = CardPresentation.Present(card, PersonalDataAccess.Masked);
        var full = CardPresentation.Present(card, PersonalDataAccess.Full);

        Assert.Equal(("И***", "Ольга", "Петровна"), (masked.Surname, masked.Name, masked.Patronymic));
        Assert.Equal("***-***-248 91", masked.Snils);
        Assert.Equal(["+7 *** *** 98 87"], masked.Phones);
        Assert.Equal("o***@mail.ru", masked.Email);
        Assert.Equal("+7 *** *** 98 87", masked.SecretCodePhone);
        Assert.Equal("i-1", Assert.Single(masked.History).InteractionId);
        Assert.Equal(("Иванова", "029-478-248 91", "olga.ivanova@mail.ru"), (full.Surname, full.Snils, full.Email));
        Assert.Equal(["+79183929887"], full.Phones);
    }

    [Theory]
    [InlineData("Алёна", "алена")]
    [InlineData("  Иванова-Петрова ", "ИВАНОВА-ПЕТРОВА")]
    [InlineData("Анна  Мария", "анна мария")]
    [InlineData(null, "")]
    public void Stated_names_match_regardless_of_case_spacing_and_yo(string? a, string b) =>
        Assert.True(PersonName.Same(a, b));

    [Fact]
    public void Different_names_do_not_match() => Assert.False(PersonName.Same("Иванова", "Иванов"));

    [Fact]
    public void Secret_codes_ignore_case_and_refuse_anything_but_letters_and_digits()
    {
        Assert.Equal(SecretCode.Normalise("Берёза42", "secret_code"), SecretCode.Normalise(" БЕРЕЗА42 ", "secret_code"));
        var error = Assert.Throws<ContactCenterException>(() => SecretCode.Normalise("my code!", "secret_code"));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.DoesNotContain("my code", error.Detail);
        Assert.Throws<ContactCenterException>(() => SecretCode.Normalise("abc", "secret_code"));
    }

    [Fact]
    public void A_secret_hash_verifies_only_its_secret_and_is_salted()
    {
        const int iterations = 1_000;
        var first = SecretHasher.Hash("BEREZA42", iterations);
        var second = SecretHasher.Hash("BEREZA42", iterations);

        Assert.True(SecretHasher.Verify("BEREZA42", first));
        Assert.False(SecretHasher.Verify("BEREZA43", first));
        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.DoesNotContain("BEREZA", first.ToString());
    }

    [Fact]
    public void Identification_requests_do_not_print_their_secrets()
    {
        var claim = new IdentificationClaim("02947824891", "Иванова", "Ольга", null, "BEREZA42", new IdentityDocument(DocumentKind.Passport, "4510 123456"));
        var registration = new SecretCodeRegistration("BEREZA42", "+79183929887", new IdentityDocument(DocumentKind.Passport, "4510 123456"));

        foreach (var text in new[] { claim.ToString(), registration.ToString(), claim.Document!.ToString() })
        {
            Assert.DoesNotContain("BEREZA42", text);
            Assert.DoesNotContain("123456", text);
        }
    }

    [Fact]
    public void Document_numbers_compare_without_spaces_or_case()
    {
        Assert.Equal(
            IdentityDocuments.Normalise(new IdentityDocument(DocumentKind.Passport, "45 10 123456"), "document"),
            IdentityDocuments.Normalise(new IdentityDocument(DocumentKind.Passport, "4510123456"), "document"));
        Assert.NotEqual(
            IdentityDocuments.Normalise(new IdentityDocument(DocumentKind.Passport, "4510123456"), "document"),
            IdentityDocuments.Normalise(new IdentityDocument(DocumentKind.ForeignPassport, "4510123456"), "document"));
    }
}
