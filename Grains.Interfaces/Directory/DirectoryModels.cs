using ContactCenter.Model;

namespace ContactCenter.Directory;

/// <summary>A participant of the contact centre (social fund, employment service, ...).</summary>
[GenerateSerializer, Immutable]
public sealed record Organisation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name);

/// <summary>
/// A region with its IANA time zone: working hours and deadlines are local to it.
/// <see cref="Calendar"/> is the region's working calendar (working days, hours, holidays) that
/// deferred-request deadlines and outbound calls follow; without one it is Monday to Friday,
/// 09:00 to 18:00 local time.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Region(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZoneId,
    [property: Id(3)] WorkingHours? Calendar = null)
{
    public static readonly TimeOnly DefaultDayStarts = new(9, 0);
    public static readonly TimeOnly DefaultDayEnds = new(18, 0);

    /// <summary>The calendar in force: the declared one, or the default working week in the region's zone.</summary>
    public WorkingHours WorkingCalendar => Calendar ?? new WorkingHours(
        TimeZoneId,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingDay(day, DefaultDayStarts, DefaultDayEnds))],
        []);
}

/// <summary>A topic of the classifier's top level, and the organisation responsible for it.</summary>
[GenerateSerializer, Immutable]
public sealed record Topic(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string OrganisationId);

/// <summary>What happens to a transfer into a queue that does not connect within the transfer limit.</summary>
public enum TransferFallback
{
    /// <summary>Keep waiting, ahead of ordinary contacts.</summary>
    RaisePriority = 0,

    /// <summary>Stop waiting; the citizen is called back.</summary>
    Callback = 1,
}

public enum SelectionStrategy
{
    LongestIdle = 0,
    MostSkilled = 1,
    LeastOccupied = 2,
    RoundRobin = 3,
}

/// <summary>
/// A queue of one organisation and line. Empty <see cref="Regions"/> or <see cref="Languages"/>
/// mean "any"; no <see cref="Hours"/> means open around the clock; <see cref="MaxSize"/> 0 means
/// no limit. <see cref="Partitions"/> names regions whose contacts wait in a queue grain of their
/// own, so one busy queue is spread over the cluster; callers still use <see cref="Id"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueueDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string OrganisationId,
    [property: Id(3)] Line Line,
    [property: Id(4)] IReadOnlyList<Channel> Channels,
    [property: Id(5)] IReadOnlyDictionary<string, int> RequiredSkills,
    [property: Id(6)] IReadOnlyList<string> Regions,
    [property: Id(7)] IReadOnlyList<string> Languages,
    [property: Id(8)] int Priority,
    [property: Id(9)] TimeSpan OfferTimeout,
    [property: Id(10)] TimeSpan MaxWait,
    [property: Id(11)] SelectionStrategy Strategy = SelectionStrategy.LongestIdle,
    [property: Id(12)] WorkingHours? Hours = null,
    [property: Id(13)] int MaxSize = 0,
    [property: Id(14)] IReadOnlyList<OverflowStep>? Overflow = null,
    [property: Id(15)] ServiceLevelTarget? ServiceLevel = null,
    [property: Id(16)] IReadOnlyList<string>? Partitions = null,
    [property: Id(17)] TransferFallback TransferFallback = TransferFallback.RaisePriority,
    [property: Id(18)] TimeSpan? WrapUpLimit = null)
{
    public const char PartitionSeparator = '/';

    public IReadOnlyList<OverflowStep> OverflowSteps => Overflow ?? [];

    public IReadOnlyList<string> PartitionRegions => Partitions ?? [];

    /// <summary>The key of the queue grain where a contact from <paramref name="regionId"/> waits.</summary>
    public string GrainKeyFor(string regionId) =>
        PartitionRegions.Contains(regionId) ? PartitionKey(regionId) : Id;

    public string PartitionKey(string regionId) => $"{Id}{PartitionSeparator}{regionId}";

    public ServiceLevelTarget Target => ServiceLevel ?? ServiceLevelTarget.Regulated;
}

/// <summary>
/// Who an operator is and what they can take. Empty <see cref="Regions"/> means every region.
/// <see cref="TeamId"/> names the team (a supervisor's group) the operator belongs to, if any.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperatorProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Extension,
    [property: Id(3)] string OrganisationId,
    [property: Id(4)] IReadOnlyList<Line> Lines,
    [property: Id(5)] IReadOnlyList<string> Regions,
    [property: Id(6)] IReadOnlyDictionary<string, int> Skills,
    [property: Id(7)] IReadOnlyList<string> Languages,
    [property: Id(8)] IReadOnlyDictionary<Channel, int> Capacity,
    [property: Id(9)] string? TeamId = null);

/// <summary>
/// The whole directory. <see cref="HostOrganisationId"/> is the organisation whose 1st line takes
/// contacts the robot could not attribute to any participant. Service interruptions live here too,
/// so every silo's cached copy can tell a registration about them without asking one grain.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DirectorySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<Organisation> Organisations,
    [property: Id(2)] IReadOnlyList<Region> Regions,
    [property: Id(3)] IReadOnlyList<Topic> Topics,
    [property: Id(4)] IReadOnlyList<QueueDefinition> Queues,
    [property: Id(5)] IReadOnlyList<OperatorProfile> Operators,
    [property: Id(6)] string? HostOrganisationId,
    [property: Id(7)] IReadOnlyList<ServiceInterruption>? Interruptions = null)
{
    public static DirectorySnapshot Empty { get; } = new(0, [], [], [], [], [], null);

    /// <summary>Declared and not yet ended; some may start later.</summary>
    public IReadOnlyList<ServiceInterruption> DeclaredInterruptions => Interruptions ?? [];
}
