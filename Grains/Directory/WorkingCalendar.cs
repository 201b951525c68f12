namespace ContactCenter.Directory;

/// <summary>
/// Working-time arithmetic in a time zone: is it open now, when does it open next, and when does
/// a span of working time starting now run out. Pure, so the 8-working-hour rule and closed-queue
/// treatment are tested without a cluster.
/// </summary>
public static class WorkingCalendar
{
    // A year of searching finds any opening of a calendar that has one.
    private const int DaysSearched = 400;

    public static bool IsOpen(WorkingHours? hours, DateTimeOffset at)
    {
        if (hours is null || hours.Days.Count == 0)
        {
            return !IsHoliday(hours, Local(hours, at));
        }

        var local = Local(hours, at);
        return Intervals(hours, DateOnly.FromDateTime(local)).Any(i => local >= i.Start && local < i.End);
    }

    /// <summary>The next moment it opens at or after <paramref name="at"/>; <paramref name="at"/> itself when open; null when never.</summary>
    public static DateTimeOffset? NextOpening(WorkingHours? hours, DateTimeOffset at)
    {
        if (IsOpen(hours, at))
        {
            return at;
        }

        var zone = Zone(hours);
        var local = Local(hours, at);
        for (var day = DateOnly.FromDateTime(local); day <= DateOnly.FromDateTime(local).AddDays(DaysSearched); day = day.AddDays(1))
        {
            foreach (var interval in Intervals(hours, day))
            {
                if (interval.End > local)
                {
                    var start = interval.Start > local ? interval.Start : local;
                    return ToInstant(start, zone);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// When the opening in progress at <paramref name="at"/> ends, following back-to-back intervals
    /// (a day closing at midnight and the next opening at midnight are one stretch); null when it is
    /// closed at <paramref name="at"/> or never closes within the searched year.
    /// </summary>
    public static DateTimeOffset? NextClosing(WorkingHours? hours, DateTimeOffset at)
    {
        if (!IsOpen(hours, at))
        {
            return null;
        }

        var zone = Zone(hours);
        var local = Local(hours, at);
        DateTime? end = null;
        for (var day = DateOnly.FromDateTime(local); day <= DateOnly.FromDateTime(local).AddDays(DaysSearched); day = day.AddDays(1))
        {
            foreach (var interval in Intervals(hours, day))
            {
                if (end is null ? interval.Start <= local && interval.End > local : interval.Start <= end)
                {
                    end = end is { } known && known > interval.End ? known : interval.End;
                }
                else if (end is not null && interval.Start > end)
                {
                    return ToInstant(end.Value, zone);
                }
            }

            // A gap at the end of the day: the stretch ends there.
            if (end is not null && end < day.AddDays(1).ToDateTime(TimeOnly.MinValue))
            {
                return ToInstant(end.Value, zone);
            }
        }

        return null;
    }

    /// <summary>
    /// The instant at which <paramref name="workingTime"/> of open time, counted from
    /// <paramref name="start"/>, has passed. Time outside working hours does not count.
    /// </summary>
    public static DateTimeOffset AddWorkingTime(WorkingHours? hours, DateTimeOffset start, TimeSpan workingTime)
    {
        if (hours is null || (hours.Days.Count == 0 && hours.Holidays.Count == 0))
        {
            return start + workingTime;
        }

        var zone = Zone(hours);
        var local = Local(hours, start);
        var left = workingTime;
        for (var day = DateOnly.FromDateTime(local); day <= DateOnly.FromDateTime(local).AddDays(DaysSearched); day = day.AddDays(1))
        {
            foreach (var interval in Intervals(hours, day))
            {
                if (interval.End <= local)
                {
                    continue;
                }

                // Counted between instants, not wall-clock times: a DST change makes a day 23 or 25 hours long.
                var from = interval.Start > local ? ToInstant(interval.Start, zone) : start;
                var available = ToInstant(interval.End, zone) - from;
                if (available >= left)
                {
                    return TimeZoneInfo.ConvertTime(from + left, zone);
                }

                left -= available;
            }
        }

        throw new InvalidOperationException("the calendar has no working time in the coming year");
    }

    private static IEnumerable<(DateTime Start, DateTime End)> Intervals(WorkingHours? hours, DateOnly day)
    {
        if (IsHoliday(hours, day.ToDateTime(TimeOnly.MinValue)))
        {
            yield break;
        }

        if (hours is null || hours.Days.Count == 0)
        {
            yield return (day.ToDateTime(TimeOnly.MinValue), day.AddDays(1).ToDateTime(TimeOnly.MinValue));
            yield break;
        }

        foreach (var working in hours.Days.Where(d => d.Day == day.DayOfWeek).OrderBy(d => d.Opens))
        {
            var start = day.ToDateTime(working.Opens);
            var end = working.Closes == TimeOnly.MinValue ? day.AddDays(1).ToDateTime(TimeOnly.MinValue) : day.ToDateTime(working.Closes);
            if (end > start)
            {
                yield return (start, end);
            }
        }
    }

    private static bool IsHoliday(WorkingHours? hours, DateTime local) =>
        hours is not null && hours.Holidays.Contains(DateOnly.FromDateTime(local));

    private static TimeZoneInfo Zone(WorkingHours? hours) =>
        hours is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZoneId);

    private static DateTime Local(WorkingHours? hours, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone(hours)).DateTime;

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // A wall-clock time skipped by a DST change does not exist; the first valid minute after it does.
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
