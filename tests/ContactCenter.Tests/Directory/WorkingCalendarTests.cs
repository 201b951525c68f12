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
}
