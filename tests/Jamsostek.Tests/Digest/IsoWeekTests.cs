using Jamsostek.Digest;

namespace Jamsostek.Tests.Digest;

public sealed class IsoWeekTests
{
    [Theory]
    // Monday 23 November 2026, 07:00 in Jakarta: the week that ended yesterday.
    [InlineData("2026-11-23T00:00:00Z", "2026-W47")]
    // Sunday 22 November, 23:30 in Jakarta (16:30 UTC) is still in week 47: the digest reports the week before.
    [InlineData("2026-11-22T16:30:00Z", "2026-W46")]
    // Monday 00:30 in Jakarta is still Sunday in UTC: Jakarta's calendar decides.
    [InlineData("2026-11-22T17:30:00Z", "2026-W47")]
    // Monday 4 January 2027 reports the last ISO week of 2026, which has 53.
    [InlineData("2027-01-04T00:00:00Z", "2026-W53")]
    public void The_report_week_is_the_ISO_week_before_the_one_containing_today_in_Jakarta(string utc, string expected) =>
        Assert.Equal(expected, WeeklyDigest.ReportWeekAt(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [Theory]
    [InlineData("2026-W47", true)]
    [InlineData("2026W01", true)]
    [InlineData("2026-W53", true)]
    [InlineData("2025-W53", false)]
    [InlineData("2026-W00", false)]
    [InlineData("2026-47", false)]
    [InlineData("", false)]
    public void Only_real_ISO_weeks_parse(string text, bool valid) => Assert.Equal(valid, IsoWeek.TryParse(text, out _));

    [Theory]
    [InlineData("2025-W53", "2025 has 52 ISO weeks")]
    [InlineData("2026-W54", "2026 has 53 ISO weeks")]
    [InlineData("2026-W00", null)]
    [InlineData("minggu lalu", null)]
    public void A_week_past_the_years_last_says_how_many_weeks_the_year_has(string text, string? whyNot)
    {
        Assert.False(IsoWeek.TryParse(text, out _, out var reason));
        Assert.Equal(whyNot, reason);
    }

    [Fact]
    public void A_week_runs_from_Monday_to_Sunday()
    {
        var week = new IsoWeek(2026, 47);

        Assert.Equal((new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)), (week.Monday, week.Sunday));
    }
}
