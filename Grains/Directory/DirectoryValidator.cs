using ContactCenter.Model;

namespace ContactCenter.Directory;

/// <summary>Refuses a directory that routing could not work with, naming the first problem found.</summary>
public static class DirectoryValidator
{
    public static void Validate(DirectorySnapshot snapshot)
    {
        var organisations = UniqueIds(snapshot.Organisations.Select(o => o.Id), "organisation");
        var regions = UniqueIds(snapshot.Regions.Select(r => r.Id), "region");
        UniqueIds(snapshot.Topics.Select(t => t.Id), "topic");
        UniqueIds(snapshot.Queues.Select(q => q.Id), "queue");
        UniqueIds(snapshot.Operators.Select(o => o.Id), "operator");

        foreach (var region in snapshot.Regions)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(region.TimeZoneId, out _))
            {
                throw Invalid($"region '{region.Id}' has unknown time zone '{region.TimeZoneId}'");
            }
        }

        if (snapshot.HostOrganisationId is { } host && !organisations.Contains(host))
        {
            throw Invalid($"host organisation '{host}' is not in the directory");
        }

        foreach (var topic in snapshot.Topics)
        {
            RequireKnown(organisations, topic.OrganisationId, $"topic '{topic.Id}'", "organisation");
        }

        foreach (var queue in snapshot.Queues)
        {
            var what = $"queue '{queue.Id}'";
            RequireKnown(organisations, queue.OrganisationId, what, "organisation");
            foreach (var region in queue.Regions)
            {
                RequireKnown(regions, region, what, "region");
            }

            if (queue.Channels.Count == 0)
            {
                throw Invalid($"{what} accepts no channel");
            }

            foreach (var (skill, level) in queue.RequiredSkills)
            {
                RequireProficiency(level, $"{what} skill '{skill}'");
            }

            if (queue.OfferTimeout <= TimeSpan.Zero || queue.MaxWait <= TimeSpan.Zero)
            {
                throw Invalid($"{what} needs a positive offer timeout and maximum wait");
            }
        }

        foreach (var profile in snapshot.Operators)
        {
            var what = $"operator '{profile.Id}'";
            RequireKnown(organisations, profile.OrganisationId, what, "organisation");
            foreach (var region in profile.Regions)
            {
                RequireKnown(regions, region, what, "region");
            }

            if (profile.Lines.Count == 0)
            {
                throw Invalid($"{what} works on no line");
            }

            foreach (var (skill, level) in profile.Skills)
            {
                RequireProficiency(level, $"{what} skill '{skill}'");
            }

            foreach (var (channel, capacity) in profile.Capacity)
            {
                if (capacity <= 0)
                {
                    throw Invalid($"{what} capacity on {channel} must be at least 1, was {capacity}");
                }
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
            throw Invalid($"{what} refers to unknown {kind} '{id}'");
        }
    }

    private static void RequireProficiency(int level, string what)
    {
        if (level is < 1 or > 5)
        {
            throw Invalid($"{what} proficiency must be 1 to 5, was {level}");
        }
    }

    private static ContactCenterException Invalid(string detail) => ContactCenterException.Invalid(detail);
}
