namespace ContactCenter.Citizens;

[GenerateSerializer, Immutable]
public sealed record CitizenContact(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] DateTimeOffset At);

[GenerateSerializer, Immutable]
public sealed record CitizenCardView(
    [property: Id(0)] string CardId,
    [property: Id(1)] IReadOnlyList<string> Phones,
    [property: Id(2)] string? RegionId,
    [property: Id(3)] string? PreferredLanguage,
    [property: Id(4)] bool Provisional,
    [property: Id(5)] IReadOnlyList<CitizenContact> History);
