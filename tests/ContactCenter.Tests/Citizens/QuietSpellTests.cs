using ContactCenter.Common;

namespace ContactCenter.Tests.Citizens;

/// <summary>A call's quiet spell extends the running one and never cuts it short.</summary>
public sealed class QuietSpellTests
{
    private const long Frequency = 1_000; // timestamps in milliseconds

    [Fact]
    public void The_first_call_starts_a_spell()
    {
        var spell = new QuietSpell();

        Assert.True(spell.Extend(now: 0, TimeSpan.FromMilliseconds(100), Frequency));
    }

    [Fact]
    public void A_short_spell_leaves_a_longer_running_one_alone()
    {
        var spell = new QuietSpell();
        spell.Extend(now: 0, TimeSpan.FromSeconds(15), Frequency);

        // A registration's attach 5 s into an operator's work: the operator's spell still ends later.
        Assert.False(spell.Extend(now: 5_000, TimeSpan.FromMilliseconds(100), Frequency));
    }

    [Fact]
    public void A_call_whose_spell_ends_later_moves_the_end()
    {
        var spell = new QuietSpell();
        spell.Extend(now: 0, TimeSpan.FromMilliseconds(100), Frequency);

        Assert.True(spell.Extend(now: 50, TimeSpan.FromMilliseconds(100), Frequency));
        Assert.True(spell.Extend(now: 60, TimeSpan.FromSeconds(15), Frequency));
        Assert.False(spell.Extend(now: 14_000, TimeSpan.FromMilliseconds(100), Frequency));
        Assert.True(spell.Extend(now: 15_000, TimeSpan.FromMilliseconds(100), Frequency));
    }
}
