using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Silo.Hosting;

namespace ContactCenter.Tests.Directory;

public sealed class DirectoryTests
{
    private static DirectorySnapshot Demo() =>
        DirectorySeed.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seed", "demo-directory.json")));

    [Fact]
    public void The_demo_directory_is_valid_and_has_what_the_first_call_needs()
    {
        var demo = Demo();
        DirectoryValidator.Validate(demo);

        Assert.Equal(["MSE", "OSZN", "SFR"], demo.Organisations.Select(o => o.Id).Order());
        Assert.Equal(3, demo.Regions.Select(r => r.TimeZoneId).Distinct().Count());
        Assert.All(demo.Organisations, o => Assert.Contains(demo.Queues, q => q.OrganisationId == o.Id && q.Line == Line.First));
        Assert.All(
            from o in demo.Organisations from r in demo.Regions select (o.Id, r.Id),
            pair => Assert.Contains(demo.Queues, q => q.OrganisationId == pair.Item1 && q.Line == Line.Second && q.Regions.Contains(pair.Item2)));
    }

    [Fact]
    public void The_demo_regions_carry_their_working_calendars_with_the_new_year_holidays()
    {
        var demo = Demo();

        Assert.All(demo.Regions, region =>
        {
            var calendar = Assert.IsType<WorkingHours>(region.Calendar);
            Assert.Equal(region.TimeZoneId, calendar.TimeZoneId);
            Assert.Equal(5, calendar.Days.Count);
            Assert.All(calendar.Days, day => Assert.Equal((new TimeOnly(9, 0), new TimeOnly(18, 0)), (day.Opens, day.Closes)));
            Assert.Contains(new DateOnly(2027, 1, 4), calendar.Holidays);
        });
    }

    [Fact]
    public void A_region_calendar_in_another_zone_is_refused_with_the_field_named()
    {
        var demo = Demo();
        var moscow = demo.Regions.Single(r => r.Id == "RU-MOW");
        var skewed = demo with { Regions = [.. demo.Regions.Where(r => r != moscow), moscow with { Calendar = moscow.Calendar! with { TimeZoneId = "Asia/Vladivostok" } }] };

        var refused = Assert.Throws<ContactCenterException>(() => DirectoryValidator.Validate(skewed));
        Assert.Contains("region 'RU-MOW' calendar.time_zone_id", refused.Message);
    }

    [Fact]
    public void A_contact_goes_to_the_first_line_of_its_topics_organisation()
    {
        var index = new DirectoryIndex(Demo());
        var organisation = index.ResponsibleOrganisation(null, "disability-assessment");

        Assert.Equal("MSE", organisation);
        Assert.Equal("mse-l1", index.SelectQueue(organisation!, Line.First, Channel.Voice, "RU-PRI", "ru")?.Id);
    }

    [Fact]
    public void An_unrecognised_topic_goes_to_the_host_organisations_first_line()
    {
        var index = new DirectoryIndex(Demo());
        Assert.Equal("SFR", index.ResponsibleOrganisation(null, "no-such-topic"));
        Assert.Equal("SFR", index.ResponsibleOrganisation(null, null));
        Assert.Equal("OSZN", index.ResponsibleOrganisation("OSZN", "pension"));
    }

    [Fact]
    public void A_queue_scoped_to_the_citizens_region_wins_over_an_all_regions_queue()
    {
        var index = new DirectoryIndex(Demo());
        Assert.Equal("sfr-l2-nvs", index.SelectQueue("SFR", Line.Second, Channel.Voice, "RU-NVS", "ru")?.Id);
        Assert.Null(index.SelectQueue("MSE", Line.Second, Channel.Text, "RU-NVS", "ru"));
    }

    [Fact]
    public void An_operator_serves_the_queues_of_its_organisation_lines_skills_and_regions()
    {
        var index = new DirectoryIndex(Demo());
        Assert.Equal(["sfr-l1", "sfr-l2-mow"], index.QueuesServedBy(index.GetOperator("op-sidorova")).Order());
        Assert.Equal(["sfr-l2-nvs", "sfr-l2-pri"], index.QueuesServedBy(index.GetOperator("op-volkov")).Order());
    }

    [Fact]
    public void A_queue_split_by_region_sends_each_partitioned_region_to_its_own_grain_and_the_rest_to_the_queue()
    {
        var demo = Demo();
        var split = demo.Queues.Single(q => q.Id == "sfr-l1") with { Partitions = ["RU-MOW", "RU-NVS"] };
        var index = new DirectoryIndex(demo with { Queues = [split, .. demo.Queues.Where(q => q.Id != "sfr-l1")] });

        Assert.Equal("sfr-l1/RU-MOW", split.GrainKeyFor("RU-MOW"));
        Assert.Equal("sfr-l1/RU-NVS", split.GrainKeyFor("RU-NVS"));
        Assert.Equal("sfr-l1", split.GrainKeyFor("RU-PRI"));
        Assert.Same(split, index.FindQueue("sfr-l1/RU-NVS"));
        Assert.Equal("sfr-l1", index.SelectQueue("SFR", Line.First, Channel.Voice, "RU-NVS", "ru")?.Id);
    }

    [Fact]
    public void An_operator_serves_the_partitions_of_its_regions_and_an_all_regions_operator_serves_every_partition()
    {
        var demo = Demo();
        var split = demo.Queues.Single(q => q.Id == "sfr-l1") with { Partitions = ["RU-MOW", "RU-NVS"] };
        var index = new DirectoryIndex(demo with { Queues = [split, .. demo.Queues.Where(q => q.Id != "sfr-l1")] });

        // Sidorova serves Moscow only; Ivanova every region, including Primorsky, which has no partition.
        Assert.Equal(["sfr-l1/RU-MOW", "sfr-l2-mow"], index.QueuesServedBy(index.GetOperator("op-sidorova")).Order());
        Assert.Equal(["sfr-l1", "sfr-l1/RU-MOW", "sfr-l1/RU-NVS"], index.QueuesServedBy(index.GetOperator("op-ivanova")).Order());
    }

    [Fact]
    public void The_seed_format_reads_working_hours_limits_overflow_steps_and_partitions()
    {
        var queue = Assert.Single(DirectorySeed.Parse("""
            {
              "queues": [{
                "id": "sfr-l1", "name": "SFR 1st line", "organisationId": "SFR", "line": "First", "channels": ["Voice"],
                "requiredSkills": { "general": 2 }, "regions": [], "languages": ["ru"], "priority": 1,
                "offerTimeout": "00:00:20", "maxWait": "00:10:00", "strategy": "LongestIdle",
                "hours": { "timeZoneId": "Europe/Moscow", "days": [{ "day": "Monday", "opens": "09:00", "closes": "21:00" }], "holidays": ["2026-12-31"] },
                "maxSize": 200,
                "overflow": [
                  { "after": "00:00:30", "kind": "WidenRegion" },
                  { "after": "00:01:00", "kind": "LowerProficiency", "proficiencyDrop": 1 },
                  { "after": "00:02:00", "kind": "MoveToQueue", "targetQueueId": "sfr-l2-mow" }
                ],
                "serviceLevel": { "percent": 80, "answerWithin": "00:00:30" },
                "partitions": ["RU-MOW", "RU-NVS"]
              }]
            }
            """).Queues);

        Assert.Equal(new WorkingDay(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(21, 0)), Assert.Single(queue.Hours!.Days));
        Assert.Equal([new DateOnly(2026, 12, 31)], queue.Hours.Holidays);
        Assert.Equal(200, queue.MaxSize);
        Assert.Equal([OverflowKind.WidenRegion, OverflowKind.LowerProficiency, OverflowKind.MoveToQueue], queue.OverflowSteps.Select(s => s.Kind));
        Assert.Equal("sfr-l2-mow", queue.OverflowSteps[2].TargetQueueId);
        Assert.Equal(new ServiceLevelTarget(80, TimeSpan.FromSeconds(30)), queue.Target);
        Assert.Equal(["RU-MOW", "RU-NVS"], queue.PartitionRegions);
    }

    public static TheoryData<string, Func<DirectorySnapshot, DirectorySnapshot>, string> BrokenDirectories => new()
    {
        { "duplicate queue", d => d with { Queues = [.. d.Queues, d.Queues[0]] }, "queue id 'sfr-l1' is used twice" },
        { "bad time zone", d => d with { Regions = [d.Regions[0] with { TimeZoneId = "Mars/Olympus" }, .. d.Regions.Skip(1)] }, "unknown time zone 'Mars/Olympus'" },
        { "proficiency 6", d => d with { Operators = [d.Operators[0] with { Skills = new Dictionary<string, int> { ["general"] = 6 } }] }, "operator 'op-ivanova' skills['general']: proficiency must be 1 to 5, was 6" },
        { "zero capacity", d => d with { Operators = [d.Operators[0] with { Capacity = new Dictionary<Channel, int> { [Channel.Voice] = 0 } }] }, "capacity[Voice]: must be at least 1, was 0" },
        { "unknown region", d => d with { Queues = [d.Queues[0] with { Regions = ["RU-XXX"] }] }, "queue 'sfr-l1' regions: unknown region 'RU-XXX'" },
        { "unknown organisation", d => d with { Topics = [d.Topics[0] with { OrganisationId = "NOPE" }] }, "topic 'pension' organisation_id: unknown organisation 'NOPE'" },
    };

    [Theory]
    [MemberData(nameof(BrokenDirectories))]
    public void A_broken_directory_is_refused_with_the_problem_named(string why, Func<DirectorySnapshot, DirectorySnapshot> breakIt, string message)
    {
        var error = Assert.Throws<ContactCenterException>(() => DirectoryValidator.Validate(breakIt(Demo())));
        Assert.True(ErrorKind.InvalidArgument == error.Kind, why);
        Assert.Contains(message, error.Detail);
    }
}
