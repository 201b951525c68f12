using ContactCenter.Citizens;
using ContactCenter.Model;

namespace ContactCenter.Tests.Citizens;

public sealed class SnilsTests
{
    [Theory]
    [InlineData("029-478-248 91", "02947824891")] // sum 192 → 192 mod 101 = 91
    [InlineData("02947824891", "02947824891")]
    [InlineData(" 112 233 445 95 ", "11223344595")] // sum 95 < 100: the sum itself
    [InlineData("001-019-989 00", "00101998900")] // sum 100 → 00
    [InlineData("001-019-998 00", "00101999800")] // sum 101 → 00
    [InlineData("106-897-449 00", "10689744900")] // sum 201 → 201 mod 101 = 100 → 00
    [InlineData("987-654-321 83", "98765432183")] // sum 285 → 83
    public void Valid_numbers_parse_to_their_eleven_digits(string raw, string digits) =>
        Assert.Equal(digits, Snils.Parse(raw, "snils"));

    [Theory]
    [InlineData("029-478-248 92")]
    [InlineData("112-233-445 59")]
    [InlineData("001-019-989 01")]
    [InlineData("106-897-449 01")]
    [InlineData("001-001-999 12")] // the first number the rule covers
    public void A_wrong_check_number_is_invalid_argument_without_repeating_the_number(string raw)
    {
        var error = Assert.Throws<ContactCenterException>(() => Snils.Parse(raw, "snils"));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("snils: ", error.Detail);
        Assert.DoesNotContain(raw[..7], error.Detail);
    }

    [Theory]
    [InlineData("001-001-998 12")]
    [InlineData("001-001-998 64")]
    [InlineData("000-000-001 99")]
    [InlineData("000-000-000 00")]
    public void Numbers_up_to_001_001_998_take_any_check_number(string raw) =>
        Assert.Equal(Snils.Length, Snils.Parse(raw, "snils").Length);

    [Theory]
    [InlineData("", "is required")]
    [InlineData("029-478-248 9", "this one has 10")]
    [InlineData("029-478-248 911", "this one has 12")]
    [InlineData("029/478/248 91", "only digits")]
    [InlineData("02947824891a", "only digits")]
    public void Malformed_numbers_say_what_is_wrong(string raw, string says)
    {
        var error = Assert.Throws<ContactCenterException>(() => Snils.Parse(raw, "snils"));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(says, error.Detail);
    }

    [Fact]
    public void Formatting_and_masking()
    {
        Assert.Equal("029-478-248 91", Snils.Format("02947824891"));
        Assert.Equal("***-***-248 91", Snils.Mask("02947824891"));
        Assert.Equal(91, Snils.CheckNumber("029478248"));
    }
}
