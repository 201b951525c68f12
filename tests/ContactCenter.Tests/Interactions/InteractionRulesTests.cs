using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Tests.Interactions;

public sealed class InteractionRulesTests
{
    [Theory]
    [InlineData(InteractionState.New, InteractionState.Queued)]
    [InlineData(InteractionState.Queued, InteractionState.Offered)]
    [InlineData(InteractionState.Offered, InteractionState.Queued)]
    [InlineData(InteractionState.Offered, InteractionState.Connected)]
    [InlineData(InteractionState.Connected, InteractionState.WrapUp)]
    [InlineData(InteractionState.WrapUp, InteractionState.Closed)]
    [InlineData(InteractionState.Connected, InteractionState.Transferring)]
    [InlineData(InteractionState.Transferring, InteractionState.Queued)]
    [InlineData(InteractionState.Transferring, InteractionState.Offered)]
    public void These_transitions_are_legal(InteractionState from, InteractionState to) =>
        Assert.True(InteractionTransitions.IsLegal(from, to));

    [Theory]
    [InlineData(InteractionState.Queued, InteractionState.Connected)]
    [InlineData(InteractionState.Closed, InteractionState.Queued)]
    [InlineData(InteractionState.Connected, InteractionState.Offered)]
    [InlineData(InteractionState.WrapUp, InteractionState.Connected)]
    [InlineData(InteractionState.Connected, InteractionState.Closed)]
    [InlineData(InteractionState.Transferring, InteractionState.Connected)]
    [InlineData(InteractionState.Closed, InteractionState.Transferring)]
    [InlineData(InteractionState.WrapUp, InteractionState.Transferring)]
    public void These_transitions_are_refused(InteractionState from, InteractionState to)
    {
        Assert.False(InteractionTransitions.IsLegal(from, to));
        Assert.Equal(ErrorKind.FailedPrecondition, Assert.Throws<ContactCenterException>(() => InteractionTransitions.EnsureLegal("i", from, to)).Kind);
    }

    [Fact]
    public void A_closed_interaction_is_terminal() =>
        Assert.All(Enum.GetValues<InteractionState>(), to => Assert.False(InteractionTransitions.IsLegal(InteractionState.Closed, to)));

    [Theory]
    [InlineData("+7 (900) 123-45-67", "+79001234567")]
    [InlineData("8 800 100-00-01", "88001000001")]
    [InlineData("1414", "1414")]
    public void Phone_numbers_lose_their_separators(string raw, string expected)
    {
        Assert.True(PhoneNumber.TryNormalise(raw, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("+7 900 123 45 67 89 01 23")]
    [InlineData("12")]
    [InlineData("+7#900")]
    public void These_are_not_phone_numbers(string raw) => Assert.False(PhoneNumber.TryNormalise(raw, out _));

    [Fact]
    public void A_retried_registration_is_recognised_by_its_details_not_by_list_identity()
    {
        var a = new Registration(Channel.Voice, "+7900", "RU-MOW", "ru", null, null, ["a", "b"], TimeSpan.FromSeconds(3));
        Assert.True(RegistrationComparer.Same(a, a with { RobotTranscript = ["a", "b"] }));
        Assert.False(RegistrationComparer.Same(a, a with { RobotTranscript = ["a"] }));
        Assert.False(RegistrationComparer.Same(a, a with { Language = "kk" }));
    }
}
