using System.Globalization;
using System.Text.RegularExpressions;

namespace Jamsostek.Digest;

/// <summary>An ISO-8601 week (Monday to Sunday), written <c>2026-W47</c>: the unit a digest reports on and the outbox is keyed by.</summary>
public readonly partial record struct IsoWeek(int Year, int Week)
{
    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public DateOnly Sunday => Monday.AddDays(6);

    public static IsoWeek Containing(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return new IsoWeek(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }

    public IsoWeek Previous() => Containing(Monday.AddDays(-7));

    public static bool TryParse(string? text, out IsoWeek week) => TryParse(text, out week, out _);

    /// <summary>Also says, for a week number past the year's last week, how many weeks the year has (2025 has 52); null otherwise.</summary>
    public static bool TryParse(string? text, out IsoWeek week, out string? whyNot)
    {
        week = default;
        whyNot = null;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups["week"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 9998 || number < 1)
        {
            return false;
        }

        var weeksInYear = ISOWeek.GetWeeksInYear(year);
        if (number > weeksInYear)
        {
            whyNot = $"{year} has {weeksInYear} ISO weeks";
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    public override string ToString() => $"{Year:D4}-W{Week:D2}";

    [GeneratedRegex("^(?<year>[0-9]{4})-?W(?<week>[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
