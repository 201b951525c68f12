namespace ContactCenter.Directory;

public enum InterruptionKind
{
    Planned = 1,
    Unplanned = 2,
}

/// <summary>
/// Service of an organisation, or of one of its queues (<see cref="QueueId"/> set), is interrupted
/// (seed 002 §34): gateways tell citizens why, when service should be back, and where else to turn.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServiceInterruption(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrganisationId,
    [property: Id(2)] string? QueueId,
    [property: Id(3)] InterruptionKind Kind,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? ExpectedRestorationAt,
    [property: Id(7)] IReadOnlyList<string> AlternativeChannels,
    [property: Id(8)] DateTimeOffset? EndedAt = null)
{
    /// <summary>Whether it concerns a contact of this organisation in this queue (null: in no queue, so only organisation-wide ones).</summary>
    public bool Affects(string organisationId, string? queueId) =>
        OrganisationId == organisationId && (QueueId is null || QueueId == queueId);
}

/// <summary>
/// What an administrator declares. Naming only a queue is enough; no start means now.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InterruptionDeclaration(
    [property: Id(0)] string? OrganisationId,
    [property: Id(1)] string? QueueId,
    [property: Id(2)] InterruptionKind Kind,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? ExpectedRestorationAt,
    [property: Id(6)] IReadOnlyList<string> AlternativeChannels);

/// <summary>The interruptions, declared and not ended, that concern what a gateway asked about, as of <see cref="At"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceStatus(
    [property: Id(0)] IReadOnlyList<ServiceInterruption> Interruptions,
    [property: Id(1)] DateTimeOffset At)
{
    public bool IsActive(ServiceInterruption interruption) => interruption.StartedAt <= At;
}
