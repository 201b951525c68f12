using ContactCenter.Model;

namespace ContactCenter.Reporting;

/// <summary>A report's period: local dates of a time zone, as the instants the store is queried with.</summary>
public sealed record ReportPeriod(DateOnly FirstDay, DateOnly LastDay, TimeZoneInfo Zone)
{
    public DateTimeOffset From => StartOf(FirstDay, Zone);

    /// <summary>Exclusive: the local midnight after <see cref="LastDay"/>.</summary>
    public DateTimeOffset To => StartOf(LastDay.AddDays(1), Zone);

    public static ReportPeriod HalfYear(int year, int half, TimeZoneInfo zone)
    {
        if (year is < 2000 or > 2100)
        {
            throw ContactCenterException.Invalid($"year: {year} is not between 2000 and 2100");
        }

        return half switch
        {
            1 => new ReportPeriod(new DateOnly(year, 1, 1), new DateOnly(year, 6, 30), zone),
            2 => new ReportPeriod(new DateOnly(year, 7, 1), new DateOnly(year, 12, 31), zone),
            _ => throw ContactCenterException.Invalid($"half: {half} is not 1 (January-June) or 2 (July-December)"),
        };
    }

    public static ReportPeriod Days(DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        last < first
            ? throw ContactCenterException.Invalid($"to_date: {last:yyyy-MM-dd} is before from_date {first:yyyy-MM-dd}")
            : last.DayNumber - first.DayNumber >= 366
                ? throw ContactCenterException.Invalid($"to_date: a period is at most 366 days, {first:yyyy-MM-dd}..{last:yyyy-MM-dd} is longer")
                : new ReportPeriod(first, last, zone);

    public static TimeZoneInfo FindZone(string? id, string fallback)
    {
        var name = string.IsNullOrWhiteSpace(id) ? fallback : id;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone)
            ? zone
            : throw ContactCenterException.Invalid($"time_zone: '{name}' is not a known IANA time zone (e.g. Europe/Moscow)");
    }

    public static DateOnly Date(string value, string field) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date)
            ? date
            : throw ContactCenterException.Invalid($"{field}: '{value}' is not a date (YYYY-MM-DD)");

    /// <summary>Local midnight as an instant; a midnight skipped by a clock change becomes the first valid moment after it.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
