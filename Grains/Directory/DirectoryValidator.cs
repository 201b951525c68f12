using ContactCenter.Model;

namespace ContactCenter.Directory;

/// <summary>
/// Refuses a directory that routing could not work with, naming the first problem found as
/// "<c>entry field: problem</c>", with the field spelled as on the admin API.
/// </summary>
public static class DirectoryValidator
{
    public static void Validate(DirectorySnapshot snapshot)
    {
        var organisations = UniqueIds(snapshot.Organisations.Select(o => o.Id), "organisation");
        var regions = UniqueIds(snapshot.Regions.Select(r => r.Id), "region");
        UniqueIds(snapshot.Topics.Select(t => t.Id), "topic");
        var queues = UniqueIds(snapshot.Queues.Select(q => q.Id), "queue");
        UniqueIds(snapshot.Operators.Select(o => o.Id), "operator");

        foreach (var region in snapshot.Regions)
        {
            RequireTimeZone(region.TimeZoneId, $"region '{region.Id}' time_zone_id");
            if (region.Calendar is { } calendar)
            {
                ValidateHours(calendar, $"region '{region.Id}' calendar");

                // Local time is the region's: a calendar in another zone would count someone else's day.
                if (calendar.TimeZoneId != region.TimeZoneId)
                {
                    throw Invalid($"region '{region.Id}' calendar.time_zone_id: must be the region's zone '{region.TimeZoneId}', was '{calendar.TimeZoneId}'");
                }
            }
        }

        if (snapshot.HostOrganisationId is { } host && !organisations.Contains(host))
        {
            throw Invalid($"host organisation '{host}' is not in the directory");
        }

        foreach (var topic in snapshot.Topics)
        {
            RequireKnown(organisations, topic.OrganisationId, $"topic '{topic.Id}' organisation_id", "organisation");
        }

        foreach (var queue in snapshot.Queues)
        {
            ValidateQueue(queue, organisations, regions, queues);
        }

        foreach (var profile in snapshot.Operators)
        {
            ValidateOperator(profile, organisations, regions);
        }

        foreach (var interruption in snapshot.DeclaredInterruptions)
        {
            ValidateInterruption(interruption, snapshot, organisations);
        }
    }

    /// <summary>The organisation a declared interruption concerns: the one named, else the queue's.</summary>
    public static string InterruptedOrganisation(InterruptionDeclaration declaration, DirectorySnapshot directory)
    {
        if (declaration.QueueId is not { } queueId)
        {
            return declaration.OrganisationId ?? throw Invalid("organisation_id or queue_id is required");
        }

        var queue = directory.Queues.FirstOrDefault(q => q.Id == queueId) ?? throw Invalid($"queue_id: unknown queue '{queueId}'");
        if (declaration.OrganisationId is { } named && named != queue.OrganisationId)
        {
            throw Invalid($"organisation_id: queue '{queueId}' belongs to '{queue.OrganisationId}', not '{named}'");
        }

        return queue.OrganisationId;
    }

    /// <summary>
    /// What an administrator's change of one operator must also meet: each skill is one a queue of
    /// the operator's organisation requires, since any other is a typo that routing would ignore.
    /// </summary>
    public static void ValidateOperatorChange(OperatorProfile profile, DirectorySnapshot directory)
    {
        var used = directory.Queues
            .Where(q => q.OrganisationId == profile.OrganisationId)
            .SelectMany(q => q.RequiredSkills.Keys)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var skill in profile.Skills.Keys.Where(skill => !used.Contains(skill)))
        {
            throw Invalid($"operator '{profile.Id}' skills['{skill}']: unknown skill, no queue of organisation '{profile.OrganisationId}' requires it");
        }
    }

    private static void ValidateQueue(QueueDefinition queue, HashSet<string> organisations, HashSet<string> regions, HashSet<string> queues)
    {
        var what = $"queue '{queue.Id}'";
        if (queue.Id.Contains(QueueDefinition.PartitionSeparator))
        {
            throw Invalid($"{what} id: '{QueueDefinition.PartitionSeparator}' is kept for partition keys");
        }

        RequireKnown(organisations, queue.OrganisationId, $"{what} organisation_id", "organisation");
        RequireLine(queue.Line, $"{what} line");
        foreach (var region in queue.Regions)
        {
            RequireKnown(regions, region, $"{what} regions", "region");
        }

        if (queue.Channels.Count == 0)
        {
            throw Invalid($"{what} channels: accepts no channel");
        }

        foreach (var (skill, level) in queue.RequiredSkills)
        {
            RequireProficiency(level, $"{what} required_skills['{skill}']");
        }

        if (!Enum.IsDefined(queue.Strategy))
        {
            throw Invalid($"{what} strategy: unknown strategy {(int)queue.Strategy}");
        }

        RequirePositive(queue.OfferTimeout, $"{what} offer_timeout");
        RequirePositive(queue.MaxWait, $"{what} max_wait");
        if (queue.WrapUpLimit is { } wrapUp)
        {
            RequirePositive(wrapUp, $"{what} wrap_up_limit");
        }

        if (!Enum.IsDefined(queue.TransferFallback))
        {
            throw Invalid($"{what} transfer_fallback: unknown fallback {(int)queue.TransferFallback}");
        }

        if (queue.MaxSize < 0)
        {
            throw Invalid($"{what} max_size: cannot be negative, was {queue.MaxSize}");
        }

        var partitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in queue.PartitionRegions)
        {
            RequireKnown(regions, region, $"{what} partitions", "region");
            if (!partitions.Add(region))
            {
                throw Invalid($"{what} partitions: region '{region}' is given twice");
            }

            if (queue.Regions.Count > 0 && !queue.Regions.Contains(region))
            {
                throw Invalid($"{what} partitions: region '{region}' is outside the queue's regions");
            }
        }

        if (queue.Hours is { } hours)
        {
            ValidateHours(hours, $"{what} hours");
        }

        for (var i = 0; i < queue.OverflowSteps.Count; i++)
        {
            ValidateOverflowStep(queue, queue.OverflowSteps[i], $"{what} overflow[{i}]", queues);
        }

        if (queue.ServiceLevel is { } target)
        {
            if (target.Percent is < 1 or > 100)
            {
                throw Invalid($"{what} service_level.percent: must be 1 to 100, was {target.Percent}");
            }

            RequirePositive(target.AnswerWithin, $"{what} service_level.answer_within");
        }
    }

    private static void ValidateHours(WorkingHours hours, string what)
    {
        RequireTimeZone(hours.TimeZoneId, $"{what}.time_zone_id");
        for (var i = 0; i < hours.Days.Count; i++)
        {
            var day = hours.Days[i];
            if (!Enum.IsDefined(day.Day))
            {
                throw Invalid($"{what}.days[{i}].day: unknown weekday {(int)day.Day}");
            }

            if (day.Closes != TimeOnly.MinValue && day.Closes <= day.Opens)
            {
                throw Invalid($"{what}.days[{i}]: opens at {day.Opens:HH\\:mm} but closes at {day.Closes:HH\\:mm}; close after opening, or at 00:00 for midnight");
            }
        }
    }

    private static void ValidateOverflowStep(QueueDefinition queue, OverflowStep step, string what, HashSet<string> queues)
    {
        RequirePositive(step.After, $"{what}.after");
        switch (step.Kind)
        {
            case OverflowKind.WidenRegion:
                break;
            case OverflowKind.LowerProficiency when step.ProficiencyDrop is < 1 or > 4:
                throw Invalid($"{what}.proficiency_drop: must be 1 to 4, was {step.ProficiencyDrop}");
            case OverflowKind.LowerProficiency:
                break;
            case OverflowKind.MoveToQueue when string.IsNullOrEmpty(step.TargetQueueId):
                throw Invalid($"{what}.target_queue_id: is required to move to a queue");
            case OverflowKind.MoveToQueue when step.TargetQueueId == queue.Id:
                throw Invalid($"{what}.target_queue_id: a queue cannot overflow into itself");
            case OverflowKind.MoveToQueue:
                RequireKnown(queues, step.TargetQueueId!, $"{what}.target_queue_id", "queue");
                break;
            default:
                throw Invalid($"{what}.kind: is required (widen region, lower proficiency or move to queue)");
        }
    }

    private static void ValidateInterruption(ServiceInterruption interruption, DirectorySnapshot snapshot, HashSet<string> organisations)
    {
        var what = $"interruption '{interruption.Id}'";
        RequireKnown(organisations, interruption.OrganisationId, $"{what} organisation_id", "organisation");
        if (interruption.QueueId is { } queueId && !snapshot.Queues.Any(q => q.Id == queueId && q.OrganisationId == interruption.OrganisationId))
        {
            throw Invalid($"{what} queue_id: unknown queue '{queueId}' of organisation '{interruption.OrganisationId}'");
        }

        if (!Enum.IsDefined(interruption.Kind))
        {
            throw Invalid($"{what} kind: planned or unplanned is required");
        }

        if (string.IsNullOrWhiteSpace(interruption.Reason))
        {
            throw Invalid($"{what} reason: is required, citizens are told it");
        }

        if (interruption.ExpectedRestorationAt <= interruption.StartedAt)
        {
            throw Invalid($"{what} expected_restoration_at: must be after started_at ({interruption.StartedAt:O})");
        }

        for (var i = 0; i < interruption.AlternativeChannels.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(interruption.AlternativeChannels[i]))
            {
                throw Invalid($"{what} alternative_channels[{i}]: is empty");
            }
        }
    }

    private static void ValidateOperator(OperatorProfile profile, HashSet<string> organisations, HashSet<string> regions)
    {
        var what = $"operator '{profile.Id}'";
        RequireKnown(organisations, profile.OrganisationId, $"{what} organisation_id", "organisation");
        foreach (var region in profile.Regions)
        {
            RequireKnown(regions, region, $"{what} regions", "region");
        }

        if (profile.Lines.Count == 0)
        {
            throw Invalid($"{what} lines: works on no line");
        }

        foreach (var line in profile.Lines)
        {
            RequireLine(line, $"{what} lines");
        }

        if (profile.Languages.Count == 0)
        {
            throw Invalid($"{what} languages: speaks no language");
        }

        foreach (var (skill, level) in profile.Skills)
        {
            RequireProficiency(level, $"{what} skills['{skill}']");
        }

        if (profile.Capacity.Count == 0)
        {
            throw Invalid($"{what} capacity: takes no channel, give at least one channel a capacity of 1 or more");
        }

        foreach (var (channel, capacity) in profile.Capacity)
        {
            if (capacity <= 0)
            {
                throw Invalid($"{what} capacity[{channel}]: must be at least 1, was {capacity}");
            }
        }
    }

    private static HashSet<string> UniqueIds(IEnumerable<string> ids, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw Invalid($"a {kind} has an empty id");
            }

            if (!seen.Add(id))
            {
                throw Invalid($"{kind} id '{id}' is used twice");
            }
        }

        return seen;
    }

    private static void RequireKnown(HashSet<string> known, string id, string what, string kind)
    {
        if (!known.Contains(id))
        {
            throw Invalid($"{what}: unknown {kind} '{id}'");
        }
    }

    private static void RequireTimeZone(string timeZoneId, string what)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _))
        {
            throw Invalid($"{what}: unknown time zone '{timeZoneId}'");
        }
    }

    private static void RequireLine(Line line, string what)
    {
        if (!Enum.IsDefined(line))
        {
            throw Invalid($"{what}: must be the first or the second line");
        }
    }

    private static void RequireProficiency(int level, string what)
    {
        if (level is < 1 or > 5)
        {
            throw Invalid($"{what}: proficiency must be 1 to 5, was {level}");
        }
    }

    private static void RequirePositive(TimeSpan value, string what)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Invalid($"{what}: must be positive, was {value}");
        }
    }

    private static ContactCenterException Invalid(string detail) => ContactCenterException.Invalid(detail);
}
