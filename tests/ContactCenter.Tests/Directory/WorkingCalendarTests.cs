using ContactCenter.Directory;

namespace ContactCenter.Tests.Directory;

public sealed class WorkingCalendarTests
{
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly Six = new(18, 0);

    private static WorkingHours Weekdays(string zone, params DateOnly[] holidays) => new(
        zone,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingDay(day, Nine, Six))],
        holidays);

    private static WorkingHours EveryDayAllDay(string zone) => new(
        zone, [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingDay(day, TimeOnly.MinValue, TimeOnly.MinValue))], []);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 59, false)]
    [InlineData(6, 0, true)]
    [InlineData(14, 59, true)]
    [InlineData(15, 0, false)]
    public void A_weekday_queue_is_open_from_nine_to_six_Moscow_time(int utcHour, int utcMinute, bool open)
    {
        // Tuesday; Moscow is UTC+3 all year.
        Assert.Equal(open, WorkingCalendar.IsOpen(Weekdays("Europe/Moscow"), Utc(2026, 11, 24, utcHour, utcMinute)));
    }

    [Fact]
    public void The_same_instant_is_working_time_in_Moscow_and_Novosibirsk_but_evening_in_Vladivostok()
    {
        var at = Utc(2026, 11, 24, 9); // 12:00 in Moscow, 16:00 in Novosibirsk, 19:00 in Vladivostok

        Assert.True(WorkingCalendar.IsOpen(Weekdays("Europe/Moscow"), at));
        Assert.True(WorkingCalendar.IsOpen(Weekdays("Asia/Novosibirsk"), at));
        Assert.False(WorkingCalendar.IsOpen(Weekdays("Asia/Vladivostok"), at));
    }

    [Fact]
    public void A_weekend_is_closed_and_the_next_opening_is_Monday_morning_local_time()
    {
        var fridayEvening = Utc(2026, 11, 27, 15, 30); // Friday 18:30 in Moscow
        var hours = Weekdays("Europe/Moscow");

        Assert.False(WorkingCalendar.IsOpen(hours, fridayEvening));
        Assert.False(WorkingCalendar.IsOpen(hours, Utc(2026, 11, 28, 9))); // Saturday noon
        Assert.Equal(Utc(2026, 11, 30, 6), WorkingCalendar.NextOpening(hours, fridayEvening)); // Monday 09:00 MSK
    }

    [Fact]
    public void A_holiday_is_closed_all_day_and_the_next_opening_skips_it()
    {
        var unityDay = new DateOnly(2026, 11, 4); // a Wednesday
        var hours = Weekdays("Europe/Moscow", unityDay);

        Assert.False(WorkingCalendar.IsOpen(hours, Utc(2026, 11, 4, 9)));
        Assert.Equal(Utc(2026, 11, 5, 6), WorkingCalendar.NextOpening(hours, Utc(2026, 11, 4, 7)));
    }

    [Fact]
    public void The_next_opening_after_a_weekend_followed_by_a_holiday_is_Tuesday()
    {
        var hours = Weekdays("Asia/Vladivostok", new DateOnly(2026, 11, 30));

        // Friday 18:30 in Vladivostok (UTC+10).
        Assert.Equal(Utc(2026, 11, 30, 23), WorkingCalendar.NextOpening(hours, Utc(2026, 11, 27, 8, 30)));
    }

    [Fact]
    public void While_open_the_next_opening_is_now()
    {
        var at = Utc(2026, 11, 24, 9);
        Assert.Equal(at, WorkingCalendar.NextOpening(Weekdays("Europe/Moscow"), at));
    }

    [Fact]
    public void No_working_days_means_around_the_clock_except_holidays()
    {
        var hours = new WorkingHours("Asia/Novosibirsk", [], [new DateOnly(2027, 1, 1)]);

        Assert.True(WorkingCalendar.IsOpen(hours, Utc(2026, 11, 29, 20))); // Monday 03:00 local
        Assert.True(WorkingCalendar.IsOpen(null, Utc(2026, 11, 29, 20)));
        Assert.False(WorkingCalendar.IsOpen(hours, Utc(2026, 12, 31, 18))); // 1 January 01:00 local
        Assert.Equal(Utc(2027, 1, 1, 17), WorkingCalendar.NextOpening(hours, Utc(2026, 12, 31, 18))); // 2 January 00:00 local
    }

    [Fact]
    public void Closing_at_midnight_means_the_end_of_the_day()
    {
        var evenings = new WorkingHours("Europe/Moscow", [new WorkingDay(DayOfWeek.Tuesday, new TimeOnly(21, 0), TimeOnly.MinValue)], []);

        Assert.True(WorkingCalendar.IsOpen(evenings, Utc(2026, 11, 24, 20, 59))); // 23:59 MSK
        Assert.False(WorkingCalendar.IsOpen(evenings, Utc(2026, 11, 24, 21))); // Wednesday 00:00 MSK
    }

    [Fact]
    public void An_opening_interval_that_closes_when_it_opens_is_never_open()
    {
        var never = new WorkingHours("Europe/Moscow", [new WorkingDay(DayOfWeek.Tuesday, Nine, Nine)], []);

        Assert.Null(WorkingCalendar.NextOpening(never, Utc(2026, 11, 24, 5)));
    }

    [Fact]
    public void Eight_working_hours_from_Friday_afternoon_run_out_on_Tuesday_after_the_weekend_and_a_Monday_holiday()
    {
        var hours = Weekdays("Europe/Moscow", new DateOnly(2026, 11, 30));

        // Friday 16:00 MSK: two hours on Friday, the rest on Tuesday (Monday is a holiday).
        Assert.Equal(Utc(2026, 12, 1, 12), WorkingCalendar.AddWorkingTime(hours, Utc(2026, 11, 27, 13), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void An_opening_in_the_hour_skipped_by_the_spring_DST_change_starts_at_the_first_valid_minute()
    {
        // Berlin, 29 March 2026: clocks jump from 02:00 CET to 03:00 CEST.
        var hours = new WorkingHours("Europe/Berlin", [new WorkingDay(DayOfWeek.Sunday, new TimeOnly(2, 30), new TimeOnly(4, 0))], []);

        Assert.Equal(Utc(2026, 3, 29, 1), WorkingCalendar.NextOpening(hours, Utc(2026, 3, 28, 12)));
        Assert.True(WorkingCalendar.IsOpen(hours, Utc(2026, 3, 29, 1, 30))); // 03:30 CEST
    }

    [Fact]
    public void Working_time_across_a_DST_change_counts_real_hours()
    {
        var hours = EveryDayAllDay("Europe/Berlin");

        // The spring day has 23 hours and the autumn day 25: a day of work ends an hour later or earlier on the wall clock.
        Assert.Equal(Utc(2026, 3, 29, 23), WorkingCalendar.AddWorkingTime(hours, Utc(2026, 3, 28, 23), TimeSpan.FromHours(24)));
        Assert.Equal(Utc(2026, 10, 25, 22), WorkingCalendar.AddWorkingTime(hours, Utc(2026, 10, 24, 22), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void Moscow_wall_clock_hours_follow_its_historical_DST()
    {
        var hours = Weekdays("Europe/Moscow");

        // Summer 2010 Moscow was UTC+4, so 09:00 local was 05:00 UTC; since 2014 it is UTC+3.
        Assert.True(WorkingCalendar.IsOpen(hours, Utc(2010, 7, 1, 5)));
        Assert.False(WorkingCalendar.IsOpen(hours, Utc(2010, 7, 1, 14, 30)));
        Assert.Equal(Utc(2010, 7, 1, 5), WorkingCalendar.NextOpening(hours, Utc(2010, 7, 1, 2)));
    }

    public static TheoryData<string, DateTimeOffset, DateOnly[], DateTimeOffset> DeferredDeadlines => new()
    {
        // Friday 15:00 MSK: 3 hours on Friday, 5 on Monday.
        { "Europe/Moscow", Utc(2026, 11, 27, 12), [], Utc(2026, 11, 30, 11) },

        // The same instant is 22:00 on Friday in Vladivostok: all 8 hours fall on Monday there.
        { "Asia/Vladivostok", Utc(2026, 11, 27, 12), [], Utc(2026, 11, 30, 7) },

        // Registered on a Saturday: the count starts on Monday morning.
        { "Europe/Moscow", Utc(2026, 11, 28, 7), [], Utc(2026, 11, 30, 14) },

        // Tuesday 13:00 MSK before the 4 November holiday: 5 hours on Tuesday, 3 on Thursday.
        { "Europe/Moscow", Utc(2026, 11, 3, 10), [new(2026, 11, 4)], Utc(2026, 11, 5, 9) },

        // Wednesday 14:00 in Vladivostok before the New Year holidays (31 December to 8 January): done on 11 January.
        {
            "Asia/Vladivostok", Utc(2026, 12, 30, 4),
            [new(2026, 12, 31), new(2027, 1, 1), new(2027, 1, 2), new(2027, 1, 3), new(2027, 1, 4), new(2027, 1, 5), new(2027, 1, 6), new(2027, 1, 7), new(2027, 1, 8)],
            Utc(2027, 1, 11, 3)
        },

        // Berlin over the spring DST weekend: Friday 14:00 CET, then Monday from 09:00 CEST (UTC+2).
        { "Europe/Berlin", Utc(2026, 3, 27, 13), [], Utc(2026, 3, 30, 11) },

        // Berlin over the autumn DST weekend: Friday 17:00 CEST, then Monday from 09:00 CET (UTC+1).
        { "Europe/Berlin", Utc(2026, 10, 23, 15), [], Utc(2026, 10, 26, 15) },
    };

    [Theory]
    [MemberData(nameof(DeferredDeadlines))]
    public void A_deferred_request_is_due_8_working_hours_after_registration_in_the_regions_default_calendar(
        string zone, DateTimeOffset registeredAt, DateOnly[] holidays, DateTimeOffset deadline)
    {
        var region = new Region("R", "Region", zone);
        var calendar = region.WorkingCalendar with { Holidays = holidays };

        Assert.Equal(deadline, WorkingCalendar.AddWorkingTime(calendar, registeredAt, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void A_region_without_a_calendar_works_Monday_to_Friday_nine_to_six_in_its_own_zone()
    {
        var calendar = new Region("RU-PRI", "Primorsky", "Asia/Vladivostok").WorkingCalendar;

        Assert.Equal("Asia/Vladivostok", calendar.TimeZoneId);
        Assert.True(WorkingCalendar.IsOpen(calendar, Utc(2026, 11, 24, 0))); // Tuesday 10:00 VLAT
        Assert.False(WorkingCalendar.IsOpen(calendar, Utc(2026, 11, 24, 9))); // Tuesday 19:00 VLAT
        Assert.False(WorkingCalendar.IsOpen(calendar, Utc(2026, 11, 28, 2))); // Saturday 12:00 VLAT
    }

    [Fact]
    public void The_next_closing_is_the_end_of_the_opening_in_progress_and_none_while_closed()
    {
        var hours = Weekdays("Europe/Moscow");

        Assert.Equal(Utc(2026, 11, 24, 15), WorkingCalendar.NextClosing(hours, Utc(2026, 11, 24, 7)));
        Assert.Null(WorkingCalendar.NextClosing(hours, Utc(2026, 11, 24, 16)));
        Assert.Null(WorkingCalendar.NextClosing(hours, Utc(2026, 11, 28, 9)));
    }

    [Fact]
    public void Back_to_back_openings_are_one_stretch_until_the_first_gap()
    {
        // Open around the clock on weekdays: Monday 00:00 to Saturday 00:00 is one stretch.
        var weekdaysAllDay = new WorkingHours(
            "Europe/Moscow",
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(day => new WorkingDay(day, TimeOnly.MinValue, TimeOnly.MinValue))],
            [new DateOnly(2026, 11, 26)]);

        // From Tuesday noon the stretch ends at the Thursday holiday.
        Assert.Equal(Utc(2026, 11, 25, 21), WorkingCalendar.NextClosing(weekdaysAllDay, Utc(2026, 11, 24, 9)));

        // A split day (09:00–13:00, 13:00–18:00) closes at 18:00, not at lunch.
        var split = new WorkingHours(
            "Europe/Moscow",
            [new WorkingDay(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(13, 0)), new WorkingDay(DayOfWeek.Tuesday, new TimeOnly(13, 0), new TimeOnly(18, 0))],
            []);
        Assert.Equal(Utc(2026, 11, 24, 15), WorkingCalendar.NextClosing(split, Utc(2026, 11, 24, 7)));
    }
}
