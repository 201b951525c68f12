using System.Runtime.CompilerServices;

namespace ContactCenter;

/// <summary>
/// Grain references by string or integer key without Orleans resolving the interface's grain type on every
/// call: <c>GetGrain&lt;T&gt;(key)</c> reads the interface's custom attributes each time, about 4 % of a
/// node's CPU in the <c>inbound</c> load scenario (BENCHMARKS.md §8). The pair (grain type,
/// interface type) depends only on the interface, so it is resolved once per interface.
/// </summary>
public static class GrainReferences
{
    public static T Grain<T>(this IGrainFactory factory, string key)
        where T : IGrainWithStringKey
    {
        var kind = KindOf<T>.Resolved ??= KindFrom((GrainReference)(object)factory.GetGrain<T>("-"));
        return (T)factory.GetGrain(GrainId.Create(kind.Type, key), kind.Interface);
    }

    public static T Grain<T>(this IGrainFactory factory, long key)
        where T : IGrainWithIntegerKey
    {
        var kind = IntegerKindOf<T>.Resolved ??= KindFrom((GrainReference)(object)factory.GetGrain<T>(0));
        return (T)factory.GetGrain(GrainId.Create(kind.Type, GrainIdKeyExtensions.CreateIntegerKey(key)), kind.Interface);
    }

    /// <summary>
    /// The grain's own reference as <typeparamref name="T"/>: <c>AsReference&lt;T&gt;()</c> resolves the
    /// interface type from its attributes each time (1.6 % of a node's CPU in <c>inbound</c>, from
    /// operators asking themselves to pull work), so the interface type is resolved once.
    /// </summary>
    public static T Self<T>(this IGrainFactory factory, IAddressable grain)
        where T : IAddressable
    {
        var interfaceType = InterfaceOf<T>.Resolved ??= new(((GrainReference)(object)grain.AsReference<T>()).InterfaceType);
        return (T)factory.GetGrain(grain.GetGrainId(), interfaceType.Value);
    }

    private static GrainKind KindFrom(GrainReference sample) => new(sample.GrainId.Type, sample.InterfaceType);

    private sealed record GrainKind(GrainType Type, GrainInterfaceType Interface);

    private static class KindOf<T>
    {
        public static GrainKind? Resolved;
    }

    private static class IntegerKindOf<T>
    {
        public static GrainKind? Resolved;
    }

    private static class InterfaceOf<T>
    {
        // Boxed: `??=` on a nullable struct reads the value and then HasValue (two reads), so an operator
        // activating while another published the type could pair the old default value with the new
        // HasValue and get an untyped GrainReference (CI: "Unable to cast GrainReference to
        // IOperatorGrain"). A reference is read once and published whole.
        public static StrongBox<GrainInterfaceType>? Resolved;
    }
}
