using System.Globalization;
using ContactCenter.Api.Services;
using ContactCenter.Directory;
using ContactCenter.Model;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>
/// Admin messages to directory records and back. Checks only what the wire format itself can get
/// wrong (missing ids, unspecified enums, unreadable times); the directory validates the rest.
/// </summary>
public static class AdminMapping
{
    private const string TimeFormat = "HH:mm";
    private const string DateFormat = "yyyy-MM-dd";

    public static OperatorProfile ToDomain(this P.OperatorProfile message)
    {
        var capacity = new Dictionary<Channel, int>();
        foreach (var entry in message.Capacity)
        {
            if (!capacity.TryAdd(ChannelOf(entry.Channel, "capacity.channel"), entry.Capacity))
            {
                throw ContactCenterException.Invalid($"capacity: {entry.Channel} is given twice");
            }
        }

        return new OperatorProfile(
            Require.Id(message.Id, "id"),
            message.Name,
            message.Extension,
            Require.Id(message.OrganisationId, "organisation_id"),
            // Arrays, not collection expressions: Orleans has no cached codec for the compiler's own
            // read-only list types and looks one up on every write of the operator's state.
            message.Lines.Select((line, i) => LineOf(line, $"lines[{i}]")).ToArray(),
            message.Regions.Select((region, i) => Require.Id(region, $"regions[{i}]")).ToArray(),
            message.Skills.ToDictionary(),
            message.Languages.Select((language, i) => Require.Language(language, $"languages[{i}]")).ToArray(),
            capacity,
            string.IsNullOrWhiteSpace(message.TeamId) ? null : message.TeamId.Trim());
    }

    public static P.OperatorProfile ToProto(this OperatorProfile profile)
    {
        var message = new P.OperatorProfile
        {
            Id = profile.Id,
            Name = profile.Name,
            Extension = profile.Extension,
            OrganisationId = profile.OrganisationId,
            TeamId = profile.TeamId ?? string.Empty,
        };
        message.Lines.Add(profile.Lines.Select(ToProto));
        message.Regions.Add(profile.Regions);
        message.Skills.Add(profile.Skills.ToDictionary());
        message.Languages.Add(profile.Languages);
        message.Capacity.Add(profile.Capacity.Select(c => new P.ChannelCapacity { Channel = c.Key.ToProto(), Capacity = c.Value }));
        return message;
    }

    public static QueueDefinition ToDomain(this P.QueueDefinition message) => new(
        Require.Id(message.Id, "id"),
        message.Name,
        Require.Id(message.OrganisationId, "organisation_id"),
        LineOf(message.Line, "line"),
        [.. message.Channels.Select((channel, i) => ChannelOf(channel, $"channels[{i}]"))],
        message.RequiredSkills.ToDictionary(),
        [.. message.Regions.Select((region, i) => Require.Id(region, $"regions[{i}]"))],
        [.. message.Languages.Select((language, i) => Require.Language(language, $"languages[{i}]"))],
        message.Priority,
        Required(message.OfferTimeout, "offer_timeout"),
        Required(message.MaxWait, "max_wait"),
        Strategy(message.Strategy),
        message.Hours is { } hours ? Hours(hours) : null,
        message.MaxSize,
        [.. message.Overflow.Select((step, i) => Step(step, $"overflow[{i}]"))],
        message.ServiceLevel is { } target ? new ServiceLevelTarget(target.Percent, Required(target.AnswerWithin, "service_level.answer_within")) : null,
        [.. message.Partitions.Select((region, i) => Require.Id(region, $"partitions[{i}]"))],
        message.TransferFallback == P.TransferFallback.Callback ? TransferFallback.Callback : TransferFallback.RaisePriority,
        message.WrapUpLimit?.ToTimeSpan());

    public static P.QueueDefinition ToProto(this QueueDefinition queue)
    {
        var message = new P.QueueDefinition
        {
            Id = queue.Id,
            Name = queue.Name,
            OrganisationId = queue.OrganisationId,
            Line = queue.Line.ToProto(),
            Priority = queue.Priority,
            OfferTimeout = Duration.FromTimeSpan(queue.OfferTimeout),
            MaxWait = Duration.FromTimeSpan(queue.MaxWait),
            Strategy = (P.SelectionStrategy)((int)queue.Strategy + 1),
            Hours = queue.Hours?.ToProto(),
            MaxSize = queue.MaxSize,
            TransferFallback = queue.TransferFallback == TransferFallback.Callback ? P.TransferFallback.Callback : P.TransferFallback.RaisePriority,
            WrapUpLimit = queue.WrapUpLimit is { } wrapUp ? Duration.FromTimeSpan(wrapUp) : null,
            ServiceLevel = new P.ServiceLevelTarget
            {
                Percent = queue.Target.Percent,
                AnswerWithin = Duration.FromTimeSpan(queue.Target.AnswerWithin),
            },
        };
        message.Channels.Add(queue.Channels.Select(c => c.ToProto()));
        message.RequiredSkills.Add(queue.RequiredSkills.ToDictionary());
        message.Regions.Add(queue.Regions);
        message.Languages.Add(queue.Languages);
        message.Partitions.Add(queue.PartitionRegions);
        message.Overflow.Add(queue.OverflowSteps.Select(step => new P.OverflowStep
        {
            After = Duration.FromTimeSpan(step.After),
            Kind = (P.OverflowKind)(int)step.Kind,
            ProficiencyDrop = step.ProficiencyDrop,
            TargetQueueId = step.TargetQueueId ?? string.Empty,
        }));
        return message;
    }

    private static P.WorkingHours ToProto(this WorkingHours hours)
    {
        var message = new P.WorkingHours { TimeZoneId = hours.TimeZoneId };
        message.Days.Add(hours.Days.Select(day => new P.WorkingDay
        {
            Day = day.Day == DayOfWeek.Sunday ? P.Weekday.Sunday : (P.Weekday)(int)day.Day,
            Opens = day.Opens.ToString(TimeFormat, CultureInfo.InvariantCulture),
            Closes = day.Closes.ToString(TimeFormat, CultureInfo.InvariantCulture),
        }));
        message.Holidays.Add(hours.Holidays.Select(date => date.ToString(DateFormat, CultureInfo.InvariantCulture)));
        return message;
    }

    private static WorkingHours Hours(P.WorkingHours message) => new(
        Require.Id(message.TimeZoneId, "hours.time_zone_id"),
        [.. message.Days.Select((day, i) => new WorkingDay(
            WeekdayOf(day.Day, $"hours.days[{i}].day"),
            Time(day.Opens, $"hours.days[{i}].opens"),
            Time(day.Closes, $"hours.days[{i}].closes")))],
        [.. message.Holidays.Select((date, i) => Date(date, $"hours.holidays[{i}]"))]);

    private static OverflowStep Step(P.OverflowStep message, string field) => new(
        Required(message.After, $"{field}.after"),
        (OverflowKind)(int)message.Kind,
        message.ProficiencyDrop,
        string.IsNullOrEmpty(message.TargetQueueId) ? null : message.TargetQueueId);

    private static P.Line ToProto(this Line line) => line == ContactCenter.Model.Line.Second ? P.Line.Second : P.Line.First;

    private static Line LineOf(P.Line line, string field) => line switch
    {
        P.Line.First => ContactCenter.Model.Line.First,
        P.Line.Second => ContactCenter.Model.Line.Second,
        _ => throw ContactCenterException.Invalid($"{field}: LINE_FIRST or LINE_SECOND is required"),
    };

    private static Channel ChannelOf(P.Channel channel, string field) => channel switch
    {
        P.Channel.Unspecified => throw ContactCenterException.Invalid($"{field}: CHANNEL_VOICE, CHANNEL_TEXT or CHANNEL_VIDEO is required"),
        _ => channel.ToDomain(),
    };

    private static SelectionStrategy Strategy(P.SelectionStrategy strategy) =>
        strategy == P.SelectionStrategy.Unspecified ? SelectionStrategy.LongestIdle : (SelectionStrategy)((int)strategy - 1);

    private static DayOfWeek WeekdayOf(P.Weekday day, string field) => day switch
    {
        P.Weekday.Unspecified => throw ContactCenterException.Invalid($"{field}: a weekday is required"),
        P.Weekday.Sunday => DayOfWeek.Sunday,
        _ => (DayOfWeek)(int)day,
    };

    private static TimeSpan Required(Duration? duration, string field) =>
        duration?.ToTimeSpan() ?? throw ContactCenterException.Invalid($"{field} is required");

    private static TimeOnly Time(string value, string field) =>
        TimeOnly.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw ContactCenterException.Invalid($"{field}: '{value}' is not a local time HH:mm");

    private static DateOnly Date(string value, string field) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw ContactCenterException.Invalid($"{field}: '{value}' is not a date yyyy-MM-dd");
}
