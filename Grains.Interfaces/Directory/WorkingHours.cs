namespace ContactCenter.Directory;

/// <summary>One opening interval of a weekday, in local time. <see cref="Closes"/> of 00:00 means midnight at the end of the day.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkingDay(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeOnly Opens,
    [property: Id(2)] TimeOnly Closes);

/// <summary>
/// When something is open, in a time zone. No days at all means around the clock (the social
/// fund's federal number works 24/7); holidays are closed all day.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WorkingHours(
    [property: Id(0)] string TimeZoneId,
    [property: Id(1)] IReadOnlyList<WorkingDay> Days,
    [property: Id(2)] IReadOnlyList<DateOnly> Holidays);

public enum OverflowKind
{
    /// <summary>Operators of the queue's organisation and line from any region may take it.</summary>
    WidenRegion = 1,

    /// <summary>Required proficiencies drop by <see cref="OverflowStep.ProficiencyDrop"/> (never below 1).</summary>
    LowerProficiency = 2,

    /// <summary>The interaction moves to <see cref="OverflowStep.TargetQueueId"/>, keeping its place in time.</summary>
    MoveToQueue = 3,
}

/// <summary>A relaxation that applies once an interaction has waited <see cref="After"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record OverflowStep(
    [property: Id(0)] TimeSpan After,
    [property: Id(1)] OverflowKind Kind,
    [property: Id(2)] int ProficiencyDrop = 0,
    [property: Id(3)] string? TargetQueueId = null);

/// <summary>The service level a queue aims at: <see cref="Percent"/> of contacts answered within <see cref="AnswerWithin"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceLevelTarget(
    [property: Id(0)] int Percent,
    [property: Id(1)] TimeSpan AnswerWithin)
{
    public static ServiceLevelTarget Regulated { get; } = new(90, TimeSpan.FromSeconds(20));
}
