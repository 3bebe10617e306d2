namespace Jamsostek;

/// <summary>The business day of Kabupaten Serang is Asia/Jakarta (SPEC 4), wherever the server or its database runs.</summary>
public static class BusinessDay
{
    public static TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    public static DateOnly Today(TimeProvider time) => On(time.GetUtcNow());

    /// <summary>The business day an instant falls on.</summary>
    public static DateOnly On(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The UTC instant the business day starts (midnight in Jakarta).</summary>
    public static DateTime StartsAt(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), TimeZone);
}
