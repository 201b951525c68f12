using ContactCenter.Model;

namespace ContactCenter.Directory;

/// <summary>
/// A directory snapshot with lookups, and the routing decisions that depend only on it: which queue
/// takes a new contact, which queues an operator serves. Pure: tested without a cluster.
/// </summary>
public sealed class DirectoryIndex
{
    private readonly Dictionary<string, Organisation> _organisations;
    private readonly Dictionary<string, Region> _regions;
    private readonly Dictionary<string, Topic> _topics;
    private readonly Dictionary<string, QueueDefinition> _queues;
    private readonly Dictionary<string, OperatorProfile> _operators;

    public DirectoryIndex(DirectorySnapshot snapshot)
    {
        Snapshot = snapshot;
        _organisations = snapshot.Organisations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        _regions = snapshot.Regions.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _topics = snapshot.Topics.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _queues = snapshot.Queues
            .SelectMany(q => q.PartitionRegions.Select(region => (Key: q.PartitionKey(region), Queue: q)).Prepend((Key: q.Id, Queue: q)))
            .ToDictionary(entry => entry.Key, entry => entry.Queue, StringComparer.Ordinal);
        _operators = snapshot.Operators.ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    public DirectorySnapshot Snapshot { get; }

    public long Version => Snapshot.Version;

    public Organisation? FindOrganisation(string id) => _organisations.GetValueOrDefault(id);

    public Region? FindRegion(string id) => _regions.GetValueOrDefault(id);

    public Topic? FindTopic(string id) => _topics.GetValueOrDefault(id);

    /// <summary>A queue by its id, or by the key of one of its partitions.</summary>
    public QueueDefinition? FindQueue(string id) => _queues.GetValueOrDefault(id);

    public OperatorProfile? FindOperator(string id) => _operators.GetValueOrDefault(id);

    public QueueDefinition GetQueue(string id) =>
        FindQueue(id) ?? throw ContactCenterException.NotFound($"queue '{id}' is not in the directory");

    public OperatorProfile GetOperator(string id) =>
        FindOperator(id) ?? throw ContactCenterException.NotFound($"operator '{id}' is not in the directory");

    /// <summary>
    /// The organisation responsible for a contact: the one the gateway named, else the topic's owner,
    /// else (unrecognised topic) the host organisation, whose 1st line sorts it out.
    /// </summary>
    public string? ResponsibleOrganisation(string? organisationId, string? topicId)
    {
        if (!string.IsNullOrEmpty(organisationId))
        {
            return organisationId;
        }

        if (!string.IsNullOrEmpty(topicId) && FindTopic(topicId) is { } topic)
        {
            return topic.OrganisationId;
        }

        return Snapshot.HostOrganisationId;
    }

    /// <summary>
    /// The queue of <paramref name="organisationId"/>'s <paramref name="line"/> that takes a contact on
    /// this channel, from this region, in this language. A queue scoped to the region wins over an
    /// all-regions one; then the higher priority; then the id, so the choice is stable.
    /// </summary>
    public QueueDefinition? SelectQueue(string organisationId, Line line, Channel channel, string regionId, string language) =>
        Snapshot.Queues
            .Where(q => q.OrganisationId == organisationId && q.Line == line && q.Channels.Contains(channel))
            .Where(q => q.Regions.Count == 0 || q.Regions.Contains(regionId))
            .Where(q => q.Languages.Count == 0 || q.Languages.Contains(language))
            .OrderByDescending(q => q.Regions.Count > 0)
            .ThenByDescending(q => q.Priority)
            .ThenBy(q => q.Id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>Interruptions in force at <paramref name="now"/> for a contact of this organisation in this queue (null: in none).</summary>
    public IReadOnlyList<ServiceInterruption> ActiveInterruptions(string organisationId, string? queueId, DateTimeOffset now) =>
        Snapshot.DeclaredInterruptions.Where(i => i.StartedAt <= now && i.Affects(organisationId, queueId)).ToList();

    /// <summary>
    /// Declared interruptions a gateway asking about a queue (with its organisation) or a whole
    /// organisation (with each of its queues) should know of.
    /// </summary>
    public IReadOnlyList<ServiceInterruption> InterruptionsOf(string? organisationId, string? queueId)
    {
        if (queueId is not null)
        {
            var queue = GetQueue(queueId);
            if (organisationId is not null && organisationId != queue.OrganisationId)
            {
                throw ContactCenterException.Invalid($"organisation_id: queue '{queueId}' belongs to '{queue.OrganisationId}', not '{organisationId}'");
            }

            return Snapshot.DeclaredInterruptions.Where(i => i.Affects(queue.OrganisationId, queue.Id)).ToList();
        }

        if (organisationId is null)
        {
            throw ContactCenterException.Invalid("organisation_id or queue_id is required");
        }

        _ = FindOrganisation(organisationId) ?? throw ContactCenterException.NotFound($"organisation '{organisationId}' is not in the directory");
        return Snapshot.DeclaredInterruptions.Where(i => i.OrganisationId == organisationId).ToList();
    }

    /// <summary>
    /// The keys of the queue grains an operator may take work from. Proficiency is checked per
    /// interaction at match time (overflow may lower it), so here any level of each required skill
    /// is enough; a queue that may widen its region takes members from every region for the same
    /// reason. Of a partitioned queue, the operator serves the partitions of its regions, and the
    /// queue's own grain when it serves a region without a partition.
    /// </summary>
    public IReadOnlyList<string> QueuesServedBy(OperatorProfile profile) =>
        Snapshot.Queues
            .Where(q => q.OrganisationId == profile.OrganisationId && profile.Lines.Contains(q.Line))
            .Where(q => q.Channels.Any(c => profile.Capacity.GetValueOrDefault(c) > 0))
            .Where(q => q.RequiredSkills.Keys.All(profile.Skills.ContainsKey))
            .Where(q => q.Regions.Count == 0 || profile.Regions.Count == 0 || q.Regions.Any(profile.Regions.Contains) || WidensRegion(q))
            .Where(q => q.Languages.Count == 0 || q.Languages.Any(profile.Languages.Contains))
            .SelectMany(q => GrainKeysServed(q, profile))
            .ToList();

    private static IEnumerable<string> GrainKeysServed(QueueDefinition queue, OperatorProfile profile)
    {
        var anyRegion = profile.Regions.Count == 0 || WidensRegion(queue);
        if (anyRegion || profile.Regions.Any(region => !queue.PartitionRegions.Contains(region)))
        {
            yield return queue.Id;
        }

        foreach (var region in queue.PartitionRegions.Where(region => anyRegion || profile.Regions.Contains(region)))
        {
            yield return queue.PartitionKey(region);
        }
    }

    private static bool WidensRegion(QueueDefinition queue) => queue.OverflowSteps.Any(step => step.Kind == OverflowKind.WidenRegion);
}
