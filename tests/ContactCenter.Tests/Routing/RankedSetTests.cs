using ContactCenter.Queues;
using CsCheck;

namespace ContactCenter.Tests.Routing;

public sealed class RankedSetTests
{
    /// <summary>Adds and removes of boxed numbers, a few hundred at a time, with many repeats.</summary>
    private static readonly Gen<(bool Add, int Value)[]> Operations =
        Gen.Select(Gen.Bool, Gen.Int[0, 300]).Array[0, 600];

    [Fact]
    public void It_keeps_the_order_count_and_places_of_a_sorted_set_through_any_adds_and_removes()
    {
        Operations.Sample(operations =>
        {
            var model = new SortedSet<int>();
            var set = new RankedSet<string>(Comparer<string>.Create((a, b) => int.Parse(a).CompareTo(int.Parse(b))));
            foreach (var (add, value) in operations)
            {
                var changed = add ? set.Add(value.ToString()) : set.Remove(value.ToString());
                Assert.Equal(add ? model.Add(value) : model.Remove(value), changed);
            }

            Assert.Equal(model.Count, set.Count);
            Assert.Equal(model.Select(v => v.ToString()), set);
            Assert.Equal(model.Count == 0 ? null : model.Min.ToString(), set.Min);
            var place = 0;
            foreach (var value in model)
            {
                Assert.Equal(++place, set.PositionOf(value.ToString()));
            }

            Assert.Equal(0, set.PositionOf("301"));
        });
    }

    [Fact]
    public void Changing_the_set_while_walking_it_is_refused()
    {
        var set = new RankedSet<string>(StringComparer.Ordinal);
        set.Add("a");
        set.Add("b");

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var value in set)
            {
                set.Add(value + "x");
            }
        });
    }
}
