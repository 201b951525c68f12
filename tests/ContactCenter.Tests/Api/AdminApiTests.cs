using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AdminApiTests(ApiFixture api)
{
    private static OperatorProfile ValidOperator(string id) => new()
    {
        Id = id,
        Name = "Olga Fedorova",
        Extension = "1099",
        OrganisationId = "SFR",
        Lines = { Line.First },
        Regions = { "RU-MOW" },
        Skills = { ["general"] = 3 },
        Languages = { "ru" },
        Capacity = { new ChannelCapacity { Channel = Channel.Voice, Capacity = 1 }, new ChannelCapacity { Channel = Channel.Text, Capacity = 2 } },
    };

    private static QueueDefinition ValidQueue(string id) => new()
    {
        Id = id,
        Name = "SFR evening line",
        OrganisationId = "SFR",

        // 2nd line with its own skill: registrations and the demo operators never meet it.
        Line = Line.Second,
        Channels = { Channel.Voice },
        RequiredSkills = { ["evening-shift"] = 2 },
        Languages = { "ru" },
        Priority = 3,
        OfferTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
        MaxWait = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        Strategy = SelectionStrategy.MostSkilled,
        Hours = new WorkingHours
        {
            TimeZoneId = "Europe/Moscow",
            Days = { new WorkingDay { Day = Weekday.Monday, Opens = "09:00", Closes = "21:00" }, new WorkingDay { Day = Weekday.Sunday, Opens = "10:00", Closes = "00:00" } },
            Holidays = { "2026-12-31" },
        },
        MaxSize = 50,
        TransferFallback = TransferFallback.Callback,
        WrapUpLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(45)),
        Overflow =
        {
            new OverflowStep { After = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)), Kind = OverflowKind.WidenRegion },
            new OverflowStep { After = Duration.FromTimeSpan(TimeSpan.FromSeconds(60)), Kind = OverflowKind.LowerProficiency, ProficiencyDrop = 1 },
            new OverflowStep { After = Duration.FromTimeSpan(TimeSpan.FromSeconds(90)), Kind = OverflowKind.MoveToQueue, TargetQueueId = "sfr-l2-mow" },
        },
        ServiceLevel = new ServiceLevelTarget { Percent = 80, AnswerWithin = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) },
        Partitions = { "RU-MOW", "RU-NVS" },
    };

    [Fact]
    public async Task An_upserted_operator_profile_reads_back_as_written()
    {
        var written = ValidOperator($"op-{Guid.NewGuid():N}");

        await api.Admin.UpsertOperatorAsync(written);

        Assert.Equal(written, await api.Admin.GetOperatorAsync(new GetOperatorRequest { OperatorId = written.Id }));
    }

    [Fact]
    public async Task An_upserted_queue_definition_reads_back_as_written()
    {
        var written = ValidQueue($"q-{Guid.NewGuid():N}");

        await api.Admin.UpsertQueueAsync(written);

        Assert.Equal(written, await api.Admin.GetQueueAsync(new GetQueueRequest { QueueId = written.Id }));
    }

    [Fact]
    public async Task Reading_an_operator_or_queue_the_directory_does_not_know_is_not_found()
    {
        var op = await Assert.ThrowsAsync<RpcException>(() => api.Admin.GetOperatorAsync(new GetOperatorRequest { OperatorId = "op-nobody" }).ResponseAsync);
        var queue = await Assert.ThrowsAsync<RpcException>(() => api.Admin.GetQueueAsync(new GetQueueRequest { QueueId = "q-nowhere" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, op.StatusCode);
        Assert.Contains("operator 'op-nobody'", op.Status.Detail);
        Assert.Equal(StatusCode.NotFound, queue.StatusCode);
    }

    public static TheoryData<string, Action<OperatorProfile>, string> BadOperators => new()
    {
        { "unknown organisation", o => o.OrganisationId = "NOPE", "organisation_id: unknown organisation 'NOPE'" },
        { "unknown skill", o => o.Skills["astrology"] = 3, "skills['astrology']: unknown skill" },
        { "proficiency 6", o => o.Skills["general"] = 6, "skills['general']: proficiency must be 1 to 5, was 6" },
        { "proficiency 0", o => o.Skills["general"] = 0, "skills['general']: proficiency must be 1 to 5, was 0" },
        { "zero capacity", o => o.Capacity[0].Capacity = 0, "capacity[Voice]: must be at least 1, was 0" },
        { "negative capacity", o => o.Capacity[1].Capacity = -1, "capacity[Text]: must be at least 1, was -1" },
        { "no capacity", o => o.Capacity.Clear(), "capacity: takes no channel" },
        { "unknown region", o => o.Regions.Add("RU-XXX"), "regions: unknown region 'RU-XXX'" },
        { "no line", o => o.Lines.Clear(), "lines: works on no line" },
        { "unspecified line", o => o.Lines.Add(Line.Unspecified), "lines[1]: LINE_FIRST or LINE_SECOND is required" },
        { "no id", o => o.Id = "", "id is required" },
        { "bad language", o => o.Languages.Add("Russian"), "languages[1] must be a lower-case language code" },
    };

    [Theory]
    [MemberData(nameof(BadOperators))]
    public async Task A_bad_operator_profile_is_invalid_names_the_field_and_changes_nothing(string why, Action<OperatorProfile> spoil, string message)
    {
        var id = $"op-{Guid.NewGuid():N}";
        var stored = await api.Admin.UpsertOperatorAsync(ValidOperator(id));
        var bad = ValidOperator(id);
        spoil(bad);

        var error = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpsertOperatorAsync(bad).ResponseAsync);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{why}: got {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail);
        Assert.Equal(stored, await api.Admin.GetOperatorAsync(new GetOperatorRequest { OperatorId = id }));
    }

    [Fact]
    public async Task A_staff_list_is_stored_in_one_change_or_not_at_all()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => $"op-{Guid.NewGuid():N}").ToList();
        var staff = new OperatorProfileList { Operators = { ids.Select(ValidOperator) } };
        var withBadOne = new OperatorProfileList { Operators = { ValidOperator($"op-{Guid.NewGuid():N}"), ValidOperator(ids[0]) } };
        withBadOne.Operators[1].Languages.Add("Russian");
        var twice = new OperatorProfileList { Operators = { ValidOperator(ids[1]), ValidOperator(ids[1]) } };

        var stored = await api.Admin.UpsertOperatorsAsync(staff);
        var refused = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpsertOperatorsAsync(withBadOne).ResponseAsync);
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpsertOperatorsAsync(twice).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpsertOperatorsAsync(new OperatorProfileList()).ResponseAsync);

        Assert.Equal(staff, stored);
        foreach (var id in ids)
        {
            Assert.Equal(ValidOperator(id), await api.Admin.GetOperatorAsync(new GetOperatorRequest { OperatorId = id }));
        }

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument), (refused.StatusCode, duplicate.StatusCode, empty.StatusCode));
        Assert.Contains("must be a lower-case language code", refused.Status.Detail);
        Assert.Contains($"'{ids[1]}' is used twice", duplicate.Status.Detail);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            api.Admin.GetOperatorAsync(new GetOperatorRequest { OperatorId = withBadOne.Operators[0].Id }).ResponseAsync)).StatusCode);
    }

    public static TheoryData<string, Action<QueueDefinition>, string> BadQueues => new()
    {
        { "unknown organisation", q => q.OrganisationId = "NOPE", "organisation_id: unknown organisation 'NOPE'" },
        { "unknown overflow queue", q => q.Overflow[2].TargetQueueId = "q-nowhere", "overflow[2].target_queue_id: unknown queue 'q-nowhere'" },
        { "overflow into itself", q => q.Overflow[2].TargetQueueId = q.Id, "overflow[2].target_queue_id: a queue cannot overflow into itself" },
        { "no proficiency drop", q => q.Overflow[1].ProficiencyDrop = 0, "overflow[1].proficiency_drop: must be 1 to 4, was 0" },
        { "unknown strategy", q => q.Strategy = (SelectionStrategy)9, "strategy: unknown strategy 8" },
        { "unknown weekday", q => q.Hours.Days[0].Day = (Weekday)9, "hours.days[0].day: unknown weekday 9" },
        { "no overflow kind", q => q.Overflow[0].Kind = OverflowKind.Unspecified, "overflow[0].kind: is required" },
        { "required proficiency 7", q => q.RequiredSkills["evening-shift"] = 7, "required_skills['evening-shift']: proficiency must be 1 to 5, was 7" },
        { "unknown region", q => q.Regions.Add("RU-XXX"), "regions: unknown region 'RU-XXX'" },
        { "no channel", q => q.Channels.Clear(), "channels: accepts no channel" },
        { "no offer timeout", q => q.OfferTimeout = null, "offer_timeout is required" },
        { "negative max wait", q => q.MaxWait = Duration.FromTimeSpan(TimeSpan.FromSeconds(-1)), "max_wait: must be positive" },
        { "negative max size", q => q.MaxSize = -1, "max_size: cannot be negative, was -1" },
        { "no wrap-up time", q => q.WrapUpLimit = Duration.FromTimeSpan(TimeSpan.Zero), "wrap_up_limit: must be positive" },
        { "unknown time zone", q => q.Hours.TimeZoneId = "Mars/Olympus", "hours.time_zone_id: unknown time zone 'Mars/Olympus'" },
        { "unreadable opening", q => q.Hours.Days[0].Opens = "25:00", "hours.days[0].opens: '25:00' is not a local time HH:mm" },
        { "closes before opening", q => q.Hours.Days[0].Closes = "08:00", "hours.days[0]: opens at 09:00 but closes at 08:00" },
        { "unreadable holiday", q => q.Hours.Holidays.Add("31.12.2026"), "hours.holidays[1]: '31.12.2026' is not a date yyyy-MM-dd" },
        { "service level 120%", q => q.ServiceLevel.Percent = 120, "service_level.percent: must be 1 to 100, was 120" },
        { "partition of an unknown region", q => q.Partitions.Add("RU-XXX"), "partitions: unknown region 'RU-XXX'" },
        { "partition given twice", q => q.Partitions.Add("RU-MOW"), "partitions: region 'RU-MOW' is given twice" },
        { "partition outside the queue's regions", q => { q.Regions.Add("RU-MOW"); q.Partitions.Remove("RU-MOW"); }, "partitions: region 'RU-NVS' is outside the queue's regions" },
        { "slash in the id", q => q.Id += "/RU-MOW", "id: '/' is kept for partition keys" },
    };

    [Theory]
    [MemberData(nameof(BadQueues))]
    public async Task A_bad_queue_definition_is_invalid_names_the_field_and_changes_nothing(string why, Action<QueueDefinition> spoil, string message)
    {
        var id = $"q-{Guid.NewGuid():N}";
        var stored = await api.Admin.UpsertQueueAsync(ValidQueue(id));
        var bad = ValidQueue(id);
        spoil(bad);

        var error = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpsertQueueAsync(bad).ResponseAsync);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{why}: got {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail);
        Assert.Equal(stored, await api.Admin.GetQueueAsync(new GetQueueRequest { QueueId = id }));
    }
}
